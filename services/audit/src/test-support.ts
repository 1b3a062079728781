/**
 * For the audit's own tests: a real nats-server with the stream, the audit consumer and a
 * signed directory (th-msdhs and la-mlsw under la-th), and a sender that seals and publishes
 * as a node would. Not exported from the package.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBus, directoryKv, DIRECTORY_KEY, ensureAuditConsumer, ensureStream, messageSubject, type Bus } from '@mou-hub/bus';
import {
  envelopeHash,
  generateAgencyKeys,
  generateRootKey,
  publicJwk,
  seal,
  signDirectory,
  type Agreement,
  type DirectorySnapshot,
  type MessageType,
  type PrivateJwk,
} from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { startAuditService, type AuditService } from './service.ts';

export const PASSWORD = 'correct horse battery';
const SINCE = '2020-01-01T00:00:00.000Z';

export const laTh = (): Agreement => ({
  id: 'la-th',
  title: 'Lao-Thai MOU',
  parties: ['la-mlsw', 'th-msdhs'],
  languages: ['lo', 'th'],
  send: {
    'th-msdhs': ['repatriation.request', 'repatriation.handover.proposal', 'repatriation.handover.completed', 'case.note', 'case.closed'],
    'la-mlsw': ['repatriation.assessment', 'repatriation.handover.confirmation', 'repatriation.handover.completed', 'case.note', 'translation.status'],
  },
  deadlines: [
    { step: 'decide-repatriation', starts: 'repatriation.request', endedBy: ['repatriation.assessment'], within: 30, unit: 'days', source: 'secretariat-policy' },
  ],
});

/** A running test bed: NATS, directory, the audit service, and senders. */
export async function startAuditBed() {
  const dir = mkdtempSync(join(tmpdir(), 'mou-audit-'));
  const nats: NatsServer = await startNats({ storeDir: join(dir, 'nats') });
  const admin: Bus = await connectBus({ servers: nats.url, name: 'audit-test-admin' });
  await ensureStream(admin);
  await ensureAuditConsumer(admin);
  const root = await generateRootKey('2026');
  const keys: Record<string, { sig: PrivateJwk; enc: PrivateJwk }> = {
    'th-msdhs': await generateAgencyKeys('th-msdhs', '2026a'),
    'la-mlsw': await generateAgencyKeys('la-mlsw', '2026a'),
  };
  const snapshot: DirectorySnapshot = {
    version: 1,
    issued: SINCE,
    rootKeys: [publicJwk(root)],
    agencies: Object.entries(keys).map(([id, k]) => ({
      id, country: id.slice(0, 2).toUpperCase(), names: { en: id }, roles: ['focal-point'],
      keys: [k.sig, k.enc].map((j) => ({ kid: j.kid, use: j.crv === 'Ed25519' ? ('sig' as const) : ('enc' as const), jwk: publicJwk(j), notBefore: SINCE })),
    })),
    agreements: [laTh()],
  };
  await (await directoryKv(admin, { create: true })).put(DIRECTORY_KEY, await signDirectory(snapshot, root));
  const dataDir = join(dir, 'audit');
  const logFile = join(dataDir, 'audit.log');
  const audit: AuditService = await startAuditService(
    { nats: { servers: nats.url }, database: join(dataDir, 'audit.db'), rootKeys: [publicJwk(root)], tokenSecret: 't'.repeat(32), auditors: [{ username: 'auditor', password: PASSWORD }] },
    Object.assign(createLogger('audit', {}, logFile), { level: 'debug' }),
  );

  /** Seals and publishes as `from` would; answers the id and the JWS the stream carries. */
  const send = async (
    from: string,
    to: string,
    type: MessageType,
    body: unknown,
    extra: { thid?: string; replyTo?: string; created?: Date; stats?: Record<string, number>; ref?: string } = {},
  ) => {
    const sealed = await seal(
      { type, agreement: 'la-th', from, to, body, lang: type === 'receipt' || type === 'problem' ? undefined : 'en', ...extra },
      { signer: keys[from]!.sig, recipientKey: publicJwk(keys[to]!.enc) },
    );
    await admin.js.publish(messageSubject(to, from), new TextEncoder().encode(sealed.jws), { msgID: sealed.id });
    return { id: sealed.id, jws: sealed.jws };
  };
  /** The recipient's receipt for a message (with the digest of what it says it received). */
  const receipt = (m: { id: string; jws: string }, from: string, to: string, envelope = envelopeHash(m.jws), created?: Date) =>
    send(from, to, 'receipt', { for: m.id, status: 'accepted', received: new Date().toISOString(), envelope }, { thid: m.id, replyTo: m.id, ...(created ? { created } : {}) });

  const login = async () => {
    const res = await fetch(`${audit.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'auditor', password: PASSWORD }) });
    return ((await res.json()) as { token: string }).token;
  };

  return {
    dir, dataDir, logFile, nats, admin, audit, keys, snapshot, send, receipt, login,
    async close() {
      await audit.close();
      await admin.close();
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type AuditBed = Awaited<ReturnType<typeof startAuditBed>>;
