import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBus, type Bus } from '@mou-hub/bus';
import { migrate, openDatabase } from '@mou-hub/db';
import { MerkleLog, entryLeafHash, signHead, verifySignedJson, readCountersignature, WITNESS_TYP, type EvidenceEntry } from '@mou-hub/evidence';
import { makeCases } from '@mou-hub/evidence/testing';
import { Directory, importPublicKey, verifyDirectory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../store/migrations.ts';
import type { AuditDb } from '../store/schema.ts';
import { startWitness, witnessSubject, type WitnessReply } from './witness-service.ts';
import { witnessOverview } from './witness-store.ts';

let f: Awaited<ReturnType<typeof makeCases>>;
let nats: NatsServer;
let bus: Bus;
let dir: string;
let db: Kysely<AuditDb>;
let closeDb: () => Promise<void>;
let witness: { stop(): Promise<void> };

beforeAll(async () => {
  f = await makeCases();
  dir = mkdtempSync(join(tmpdir(), 'mou-witness-'));
  nats = await startNats({ storeDir: join(dir, 'nats') });
  bus = await connectBus({ servers: nats.url, name: 'witness-test' });
});
beforeEach(async () => {
  await witness?.stop();
  await closeDb?.();
  ({ db, close: closeDb } = openDatabase<AuditDb>(join(dir, `audit-${Date.now()}-${Math.random()}.db`)));
  await migrate(db, migrations);
  const checked = await verifyDirectory(f.dir2, [f.rootPublic]);
  const directory = new Directory(checked.ok ? checked.snapshot : (undefined as never));
  witness = startWitness({ db, bus, directory: () => directory, witness: { agency: 'la-secretariat', signer: f.witness }, log: createLogger('test') });
});
afterAll(async () => {
  await witness?.stop();
  await closeDb?.();
  await bus?.close();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** la-mlsw's node sending the head over `entries`, with a consistency proof from `from`. */
async function send(entries: readonly EvidenceEntry[], from?: number): Promise<WitnessReply> {
  const tree = new MerkleLog(entries.map(entryLeafHash));
  const head = await signHead({ v: 1, log: 'la-mlsw', size: tree.size, root: b64(tree.root()), time: '2026-03-01T09:00:00.000Z' }, f.signers['la-mlsw']);
  const proof = from === undefined ? undefined : { from, hashes: tree.consistencyProof(from).map(b64) };
  const msg = await bus.nc.request(witnessSubject('la-mlsw'), JSON.stringify({ head, ...(proof ? { proof } : {}) }), { timeout: 5_000 });
  return JSON.parse(new TextDecoder().decode(msg.data)) as WitnessReply;
}

describe('the audit witnesses each node evidence log (real NATS, real SQLite)', () => {
  it('countersigns a first head, then a consistent larger one, and asks for a proof it lacks', async () => {
    const log = f.logs['la-mlsw'];
    const first = await send(log.slice(0, 6));
    expect(first.ok).toBe(true);
    const c = first.ok ? first.countersignature : '';
    const v = await verifySignedJson(c, WITNESS_TYP, await importPublicKey(await exportJwk(f)));
    expect(v.ok && readCountersignature(v.value)).toMatchObject({ log: 'la-mlsw', size: 6, witness: 'la-secretariat' });
    expect(await send(log)).toEqual({ ok: false, need: 6 });
    expect((await send(log, 6)).ok).toBe(true);
    expect((await witnessOverview(db)).logs).toMatchObject([{ log: 'la-mlsw', size: log.length }]);
  });

  const tampered: [string, (log: EvidenceEntry[]) => void][] = [
    ['a byte of a stored entry flipped', (log) => void (log[2] = { ...log[2]!, jws: log[2]!.jws.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')) })],
    ['an entry dropped', (log) => void log.splice(3, 1)],
    ['two entries reordered', (log) => void ([log[1], log[2]] = [log[2]!, log[1]!])],
    ['a receipt swapped with one of another case', (log) => {
      const i = log.findIndex((e) => e.kind === 'receipt');
      const j = log.findIndex((e, k) => k > i + 2 && e.kind === 'receipt');
      [log[i], log[j]] = [log[j]!, log[i]!];
    }],
    ['a directory snapshot replaced', (log) => void (log[0] = { ...log[0]!, jws: f.dir2, version: 2 } as EvidenceEntry)],
  ];

  it.each(tampered)('raises an alarm with its reason when the node rewrites its log after a witnessed head: %s', async (_what, change) => {
    const log = [...f.logs['la-mlsw']];
    expect((await send(log.slice(0, 8))).ok).toBe(true);
    change(log);
    log.push({ ...f.logs['la-mlsw'][0]!, at: '2026-03-01T10:00:00.000Z' }); // and the log went on
    const reply = await send(log, 8);
    expect(reply).toMatchObject({ ok: false, alarm: expect.stringMatching(/^(fork|rollback)$/) });
    const { alarms } = await witnessOverview(db);
    expect(alarms[0]).toMatchObject({ log: 'la-mlsw' });
    expect(alarms[0]!.detail).toMatch(/witnessed head of size 8/);
  });

  it('raises an alarm for a fork at the same size, and refuses a head not signed by the log agency', async () => {
    const log = f.logs['la-mlsw'];
    expect((await send(log)).ok).toBe(true);
    const forked = [...log];
    forked[4] = { ...forked[4]!, at: '2026-03-01T08:05:07.000Z' };
    expect(await send(forked)).toMatchObject({ ok: false, alarm: 'fork' });
    const msg = await bus.nc.request(witnessSubject('th-msdhs'), JSON.stringify({ head: 'a.b.c' }), { timeout: 5_000 });
    expect(JSON.parse(new TextDecoder().decode(msg.data))).toMatchObject({ ok: false, alarm: 'bad-head' });
  });
});

/** The witness's public key as the directory lists it. */
async function exportJwk(fx: typeof f) {
  const checked = await verifyDirectory(fx.dir2, [fx.rootPublic]);
  const sec = checked.ok ? checked.snapshot.agencies.find((a) => a.id === 'la-secretariat')! : undefined;
  return sec!.keys[0]!.jwk;
}
