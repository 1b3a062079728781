import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { openDatabase } from '@mou-hub/db';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startAuditService, type AuditService } from '@mou-hub/audit';
import { entryText, leafHash, verifyBundle, type EvidenceBundle } from '@mou-hub/evidence';
import { connectAs } from '@mou-hub/infra';
import type { PrivateJwk } from '@mou-hub/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import { act, actionBody, body, bothSides, delivered } from '../support/cases.ts';
import { mou } from '../support/mou.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
let work: string;
let audit: AuditService;
/** The case both tests read: one repatriation run to closed. */
let closedCase: { id: string; ref: string };

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  // Heads every half second (a minute in service), so each side shows the other its log during the case.
  for (const id of ['th-msdhs', 'la-mlsw']) {
    await fed.stopNode(id);
    const path = fed.agency(id).configPath;
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), evidenceHeadIntervalMs: 500 }));
    await fed.startNode(id);
  }
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
  work = mkdtempSync(join(tmpdir(), 'mou-evidence-e2e-'));
  // The Secretariat's audit witnesses the nodes' heads with la-secretariat's directory key.
  const witnessKey = JSON.parse(readFileSync(join(fed.prepared.dataDir, 'keys', 'la-secretariat.sig.jwk.json'), 'utf8')) as PrivateJwk;
  audit = await startAuditService({
    nats: { servers: fed.nats.url, ...connectAs(fed.prepared.natsUsers.audit, 'audit') },
    database: join(work, 'audit.db'),
    rootKeys: [fed.prepared.rootPublic],
    tokenSecret: 'a'.repeat(32),
    auditors: [{ username: 'auditor', password: 'correct horse battery' }],
    witnessKey,
  });
});
afterAll(async () => {
  await audit?.close();
  await fed?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A Thai-Lao repatriation from request to closed; answers the case id and reference. */
async function repatriation(): Promise<{ id: string; ref: string }> {
  const opened = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request') });
  expect(opened.status, JSON.stringify(opened.json)).toBe(202);
  const id = opened.json.id as string;
  await delivered(thai, opened.json.messageId);
  await act(lao, id, 'assess', 'lo', body('repatriation.assessment'));
  await bothSides(thai, lao, id);
  await act(lao, id, 'issue-travel-document', 'lo', body('repatriation.travel-document'));
  await bothSides(thai, lao, id);
  const proposal = await act(thai, id, 'propose-handover', 'th', body('repatriation.handover.proposal'));
  await bothSides(thai, lao, id);
  await act(lao, id, 'confirm-handover', 'lo', actionBody('confirm-handover', 'repatriation.handover.confirmation', { proposal: proposal.messageId }));
  await bothSides(thai, lao, id);
  const completion = await act(thai, id, 'complete-handover', 'th', actionBody('complete-handover', '', { proposal: proposal.messageId }));
  await bothSides(thai, lao, id);
  await act(lao, id, 'countersign-handover', 'lo', actionBody('countersign-handover', '', { proposal: proposal.messageId, completion: completion.messageId }));
  await bothSides(thai, lao, id);
  await act(lao, id, 'report-reintegration', 'lo', body('repatriation.reintegration.update'));
  await bothSides(thai, lao, id);
  const closed = await act(lao, id, 'close', 'lo', body('case.closed'));
  expect(closed.state).toBe('closed');
  await delivered(lao, closed.messageId);
  const [t] = await bothSides(thai, lao, id);
  expect(t.state).toBe('closed');
  return { id, ref: t.ref as string };
}

describe('evidence of a Thai-Lao repatriation', () => {
  it('both sides export a bundle that verifies offline with only the root key, and the two agree', async () => {
    closedCase = await repatriation();
    const { ref } = closedCase;
    const bundles: Record<string, EvidenceBundle> = {};
    for (const agency of ['la-mlsw', 'th-msdhs']) {
      const out = join(work, `${agency}.evidence.json`);
      const exported = await mou('evidence', 'export', '--node', dirname(fed.agency(agency).configPath), '--case', ref, '--out', out);
      expect(exported.code, exported.text).toBe(0);
      // A fresh folder holding only the bundle and the root's public key.
      const fresh = mkdtempSync(join(work, 'court-'));
      copyFileSync(out, join(fresh, 'bundle.json'));
      copyFileSync(fed.prepared.rootPublicPath, join(fresh, 'root.pub.jwk'));
      const verified = await mou('evidence', 'verify', join(fresh, 'bundle.json'), '--root', join(fresh, 'root.pub.jwk'), '--lang', 'lo');
      expect(verified.code, verified.text).toBe(0);
      expect(verified.text).toContain('ຖືກຕ້ອງທັງໝົດ');
      bundles[agency] = JSON.parse(readFileSync(out, 'utf8')) as EvidenceBundle;
    }
    const root = JSON.parse(readFileSync(fed.prepared.rootPublicPath, 'utf8'));
    const la = await verifyBundle(bundles['la-mlsw'], root);
    const th = await verifyBundle(bundles['th-msdhs'], root);
    expect([la.failures, th.failures]).toEqual([[], []]);
    // Each head is countersigned by the Secretariat.
    expect([la.head?.witnesses.map((w) => w.witness), th.head?.witnesses.map((w) => w.witness)]).toEqual([['la-secretariat'], ['la-secretariat']]);
    // Every message of the case, both ways, each with its signed receipt; the same bytes, times and keys on each side.
    const facts = (r: typeof la) => r.messages.map((m) => ({ id: m.id, type: m.type, hash: m.envelopeHash, created: m.created, kid: m.kid, received: m.delivered?.received, receiptKid: m.delivered?.kid }));
    expect(facts(la)).toEqual(facts(th));
    expect(la.messages.filter((m) => m.type !== 'translation.status').map((m) => m.type)).toEqual([
      'repatriation.request', 'repatriation.assessment', 'repatriation.travel-document', 'repatriation.handover.proposal',
      'repatriation.handover.confirmation', 'repatriation.handover.completed', 'repatriation.handover.completed',
      'repatriation.reintegration.update', 'case.closed',
    ]);
    expect(la.messages.every((m) => m.delivered)).toBe(true);
    expect(la.case.reference).toBe(ref);

    // Each side also holds, for every message of the case, the other's signed head that includes it.
    for (const [self, peer] of [['th-msdhs', 'la-mlsw'], ['la-mlsw', 'th-msdhs']] as const) {
      const { db, close } = openDatabase<any>(fed.agency(self).database);
      try {
        // A push that times out (5 s a request) waits for the next interval, behind the witness's
        // countersignature: on a loaded CI machine (a run of 650 s) 15 s was once too short.
        await eventually(async () => {
          const rows = await db.selectFrom('evidence_peer_inclusions').select('envelope_hash').where('peer', '=', peer).execute();
          const held = new Set(rows.map((r: { envelope_hash: string }) => r.envelope_hash));
          return la.messages.every((m) => held.has(m.envelopeHash));
        }, 30_000, `${self} holds ${peer}'s heads for every message`);
        expect(await db.selectFrom('evidence_peer_alarms').selectAll().execute()).toEqual([]);
      } finally {
        await close();
      }
    }
  }, 90_000);

  it("a supervisor's export from the running node, with the content Laos received disclosed, verifies; a translator may not export", async () => {
    const { id, ref } = closedCase;
    const supervisor = await fed.api('la-mlsw', 'supervisor');
    const res = await fetch(`${supervisor.baseUrl}/api/v1/cases/${ref}/evidence?disclose=1`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ref}.evidence.json"`);
    const bundle = (await res.json()) as EvidenceBundle;
    const report = await verifyBundle(bundle, JSON.parse(readFileSync(fed.prepared.rootPublicPath, 'utf8')));
    expect(report.failures).toEqual([]);
    // Every business message Laos received is disclosed and matches its signed digest; what it sent stays sealed.
    const received = report.messages.filter((m) => m.direction === 'received');
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((m) => m.disclosed)).toBe(true);
    expect(report.messages.filter((m) => m.direction === 'sent').some((m) => m.disclosed)).toBe(false);
    // Each disclosed read is in the access log.
    const log = await supervisor.request('GET', `/api/v1/access-log?case=${id}`);
    expect(log.json.items.filter((e: { what: string }) => e.what.startsWith('evidence:')).length).toBe(received.length);
    // (The test federation's officers are supervisors too: a translator is not.)
    const t = fed.agency('la-mlsw').translators[0]!;
    const translator = await ApiClient.login(supervisor.baseUrl, t.username, t.password);
    expect((await fetch(`${translator.baseUrl}/api/v1/cases/${id}/evidence`, { headers: { authorization: `Bearer ${translator.token}` } })).status).toBe(403);
  });

  it('a node that rewrites its stored log is caught: its export fails to verify, the audit and its counterpart raise an alarm', async () => {
    const { ref } = closedCase;
    // la-mlsw's operator changes the time of one stored entry of the case, and its leaf hash to match.
    const { db, close } = openDatabase<any>(fed.agency('la-mlsw').database);
    try {
      const row = await db.selectFrom('evidence_entries').select(['seq', 'entry']).where('thid', '=', closedCase.id).orderBy('seq').limit(1).executeTakeFirstOrThrow();
      const entry = JSON.parse(row.entry);
      entry.at = '2020-01-01T00:00:00.000Z';
      const text = entryText(entry);
      await db.updateTable('evidence_entries').set({ entry: text, leaf: leafHash(new TextEncoder().encode(text)) }).where('seq', '=', row.seq).execute();
    } finally {
      await close();
    }
    const out = join(work, 'rewritten.json');
    expect((await mou('evidence', 'export', '--node', dirname(fed.agency('la-mlsw').configPath), '--case', ref, '--out', out)).code).toBe(0);
    const verified = await mou('evidence', 'verify', out, '--root', fed.prepared.rootPublicPath);
    expect(verified.code).toBe(1);
    expect(verified.text).toContain('The entry does not lead to the signed head');
    // Restarted on the rewritten log, its next head contradicts what the audit and th-msdhs saw.
    await fed.stopNode('la-mlsw');
    await fed.startNode('la-mlsw');
    lao = await fed.api('la-mlsw');
    const note = await lao.request('POST', '/api/v1/messages', { type: 'case.note', agreement: 'la-th', to: 'th-msdhs', lang: 'en', body: { text: 'after the rewrite' } });
    expect(note.status).toBe(202);
    const auditDb = openDatabase<any>(join(work, 'audit.db'));
    const thDb = openDatabase<any>(fed.agency('th-msdhs').database);
    try {
      await eventually(async () => (await auditDb.db.selectFrom('witness_alarms').selectAll().where('log', '=', 'la-mlsw').execute()).length > 0, 15_000, 'the audit raised an alarm');
      const [alarm] = await auditDb.db.selectFrom('witness_alarms').select(['kind', 'detail']).where('log', '=', 'la-mlsw').execute();
      expect(alarm).toMatchObject({ kind: 'fork', detail: expect.stringContaining('is not consistent with the witnessed head') });
      await eventually(async () => (await thDb.db.selectFrom('evidence_peer_alarms').selectAll().where('peer', '=', 'la-mlsw').execute()).length > 0, 15_000, 'th-msdhs raised an alarm');
    } finally {
      await auditDb.close();
      await thDb.close();
    }
  });
  it('a node refuses to start with its log turned off, but for a benchmark; then /readyz and /metrics say so and nothing is logged', async () => {
    const entries = async () => {
      const { db, close } = openDatabase<any>(fed.agency('la-mlsw').database);
      try {
        return (await db.selectFrom('evidence_entries').select('seq').execute()).length;
      } finally {
        await close();
      }
    };
    await fed.stopNode('la-mlsw');
    try {
      vi.stubEnv('MOU_EVIDENCE_LOG', 'off');
      await expect(fed.startNode('la-mlsw')).rejects.toThrow('only a benchmark may turn it off, with MOU_EVIDENCE_LOG=off-for-benchmark-only');
      vi.stubEnv('MOU_EVIDENCE_LOG', 'off-for-benchmark-only');
      const node = await fed.startNode('la-mlsw');
      const ready = (await (await fetch(`${node.url}/readyz`)).json()) as { status: string; checks: Record<string, unknown> };
      expect(ready.status).toBe('ready');
      expect(ready.checks['evidence']).toMatchObject({ ok: true, detail: 'off', warning: expect.stringContaining('this node keeps no evidence') });
      expect(await (await fetch(`${node.url}/metrics`)).text()).toMatch(/^mou_evidence_log_enabled(\{[^}]*\})? 0$/m);
      const before = await entries();
      const note = await thai.request('POST', '/api/v1/messages', { type: 'case.note', agreement: 'la-th', to: 'la-mlsw', lang: 'en', body: { text: 'while the log is off' } });
      expect(note.status).toBe(202);
      await delivered(thai, note.json.id);
      expect(await entries()).toBe(before);
    } finally {
      vi.unstubAllEnvs();
      await fed.stopNode('la-mlsw');
      await fed.startNode('la-mlsw');
    }
    const again = (await (await fetch(`${fed.nodes.get('la-mlsw')!.url}/readyz`)).json()) as { checks: Record<string, unknown> };
    expect(again.checks['evidence']).toEqual({ ok: true, detail: 'on' });
  });
});

