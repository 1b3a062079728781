import { makeCases } from '@mou-hub/evidence/testing';
import { leafHash, rootOf, verifyBundle, type EvidenceEntry } from '@mou-hub/evidence';
import { createLogger } from '@mou-hub/service-kit';
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../platform/test-db.ts';
import { EvidenceHeads } from './evidence-heads.ts';
import { exportCaseEvidence } from './evidence-export.ts';
import { logDirectory, logEnvelope } from './evidence-hooks.ts';
import { evidenceLogMode, evidenceReadiness, EvidenceModeError } from './evidence-mode.ts';
import { appendEvidence, latestHead, saveCountersignature, storedEntries } from './evidence-store.ts';

let f: Awaited<ReturnType<typeof makeCases>>;
beforeAll(async () => {
  f = await makeCases();
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** la-mlsw's node database holding f's log, case A, and a head the Secretariat countersigned. */
async function laNode() {
  const { db, close } = await openTestDatabase();
  closers.push(close);
  for (const e of f.logs['la-mlsw']) await appendEvidence(db, e);
  const now = '2026-03-01T08:30:00.000Z';
  await db.insertInto('cases').values({
    id: f.caseA, ref: 'LA-TH-2026-0001', kind: 'repatriation', agreement: 'la-th', counterpart: 'th-msdhs', role: 'responder',
    state: 'requested', machine: '{}', opened_at: now, updated_at: now, due_at: null, consent_at: null, consent_sealed: null, persons_sealed: null,
  }).execute();
  const heads = new EvidenceHeads({ agency: 'la-mlsw', db, signer: async () => f.signers['la-mlsw'], log: createLogger('test') });
  const head = await heads.sign(new Date('2026-03-01T08:20:00.000Z'));
  const witnessed = await f.head('la-mlsw'); // the same log: the same root
  await saveCountersignature(db, { size: head.size, witness: 'la-secretariat', jws: witnessed.countersignatures[0]!, at: new Date() });
  return { db, heads };
}

describe('the node evidence log (real SQLite)', () => {
  it('exports a case by its reference that verifies offline, against the witnessed head', async () => {
    const { db, heads } = await laNode();
    const r = await exportCaseEvidence(db, { agency: 'la-mlsw', case: 'LA-TH-2026-0001', heads, now: new Date() });
    expect(r.ok && r.witnessed).toBe(true);
    const report = await verifyBundle(r.ok ? r.bundle : undefined, f.rootPublic);
    expect(report.failures).toEqual([]);
    expect(report.case.reference).toBe('LA-TH-2026-0001');
    expect(report.messages).toHaveLength(2);
  });

  it('refuses a reference two openers gave (each counts its own serials) and names the cases to choose from by id', async () => {
    const { db, heads } = await laNode();
    const now = '2026-03-01T08:40:00.000Z';
    await db.insertInto('cases').values({
      id: 'other-case', ref: 'LA-TH-2026-0001', kind: 'investigation', agreement: 'la-th', counterpart: 'th-rtp', role: 'responder',
      state: 'requested', machine: '{}', opened_at: now, updated_at: now, due_at: null, consent_at: null, consent_sealed: null, persons_sealed: null,
    }).execute();
    const r = await exportCaseEvidence(db, { agency: 'la-mlsw', case: 'LA-TH-2026-0001', heads, now: new Date() });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^2 cases at la-mlsw have the reference LA-TH-2026-0001: give the case id, one of .*\(with th-msdhs\).*\(with th-rtp\)/) });
    const byId = await exportCaseEvidence(db, { agency: 'la-mlsw', case: f.caseA, heads, now: new Date() });
    expect(byId.ok && byId.bundle.case.thid).toBe(f.caseA);
  });

  it('keeps one countersignature per witness and head, when a head sent again is countersigned again', async () => {
    const { db } = await laNode();
    const head = (await latestHead(db, { witnessed: true }))!;
    await saveCountersignature(db, { size: head.size, witness: 'la-secretariat', jws: head.countersignatures[0]!.jws, at: new Date() });
    expect((await latestHead(db, { witnessed: true }))!.countersignatures.map((c) => c.witness)).toEqual(['la-secretariat']);
  });

  it('a head is signed only when the log grew, and stored', async () => {
    const { db, heads } = await laNode();
    const before = await latestHead(db);
    expect((await heads.sign()).size).toBe(before!.size);
    await logDirectory(db, { version: 3, jws: f.dir2 }, new Date());
    expect((await heads.sign()).size).toBe(before!.size + 1);
  });

  it('asks the witness again for the last head while it has no countersignature, and stops asking once it has one', async () => {
    const { db } = await laNode();
    await logDirectory(db, { version: 3, jws: f.dir2 }, new Date());
    const asked: number[] = [];
    let audit: 'away' | 'back' = 'away';
    const heads = new EvidenceHeads({
      agency: 'la-mlsw', db, signer: async () => f.signers['la-mlsw'], log: createLogger('test'),
      onHead: async (head) => {
        asked.push(head.size);
        if (audit === 'away') throw new Error('no responders');
        await saveCountersignature(db, { size: head.size, witness: 'la-secretariat', jws: 'countersigned', at: new Date() });
      },
    });
    const first = await heads.sign();
    expect(first.countersignatures).toEqual([]);
    audit = 'back';
    const again = await heads.sign();
    expect([again.size, again.countersignatures.map((c) => c.witness)]).toEqual([first.size, ['la-secretariat']]);
    await heads.sign();
    expect(asked).toEqual([first.size, first.size]);
  });

  it('reads the log once when asked for the tree by several at once (a head being signed and a push), so the root stays true', async () => {
    const { db, heads } = await laNode();
    for (const e of f.logs['la-mlsw'].slice(1, 4)) await appendEvidence(db, { ...(e as EvidenceEntry), at: '2026-03-01T09:00:00.000Z' });
    const trees = await Promise.all([heads.tree(), heads.tree(), heads.tree()]);
    const stored = await storedEntries(db, 1000);
    expect(trees.map((t) => t.size)).toEqual([stored.length, stored.length, stored.length]);
    expect(Buffer.from(trees[0]!.root())).toEqual(Buffer.from(rootOf(stored.map((t) => leafHash(new TextEncoder().encode(t))))));
  });
  it('a directory version is logged once, and never an older one', async () => {
    const { db } = await laNode();
    const n = (await storedEntries(db, 1000)).length;
    await logDirectory(db, { version: 2, jws: f.dir2 }, new Date());
    await logDirectory(db, { version: 1, jws: f.dir1 }, new Date());
    expect((await storedEntries(db, 1000)).length).toBe(n);
  });

  it.each([
    ['a flipped character in a stored entry', ["update evidence_entries set entry = replace(entry, '\"at\":\"2026-03-01T08:01:02.000Z\"', '\"at\":\"2026-03-01T08:01:03.000Z\"')"]],
    ['a dropped entry (the log went on)', ['delete from evidence_entries where seq = 4']],
    // Swapping primary keys in place needs a detour through free numbers.
    ['two entries swapped', ['update evidence_entries set seq = seq + 1000 where seq in (2, 3)', 'update evidence_entries set seq = 5 - (seq - 1000) where seq in (1002, 1003)']],
  ])('%s is detected by the verifier of the export', async (what, statements) => {
    const { db, heads } = await laNode();
    for (const statement of statements) await sql.raw(statement).execute(db);
    if (what.startsWith('a dropped')) await appendEvidence(db, { ...(f.logs['la-mlsw'][0] as EvidenceEntry), at: '2026-03-01T09:00:00.000Z' });
    const r = await exportCaseEvidence(db, { agency: 'la-mlsw', case: f.caseA, heads, now: new Date() });
    const report = await verifyBundle(r.ok ? r.bundle : undefined, f.rootPublic);
    expect(report.ok).toBe(false);
    expect(report.failures.map((x) => x.code)).toContain('not-included');
  });

  it('refuses an unknown case with its reason', async () => {
    const { db, heads } = await laNode();
    expect(await exportCaseEvidence(db, { agency: 'la-mlsw', case: 'LA-TH-2026-9999', heads, now: new Date() })).toEqual({ ok: false, reason: 'no case LA-TH-2026-9999 at la-mlsw' });
  });
});

describe('the evidence log off, for a benchmark only', () => {
  afterEach(() => void vi.unstubAllEnvs());
  it('is refused for any value but on or off-for-benchmark-only, with the reason', () => {
    expect(evidenceLogMode({})).toBe('on');
    expect(evidenceLogMode({ MOU_EVIDENCE_LOG: 'on' })).toBe('on');
    expect(evidenceLogMode({ MOU_EVIDENCE_LOG: 'off-for-benchmark-only' })).toBe('off-for-benchmark-only');
    for (const value of ['off', '0', 'false', 'OFF-FOR-BENCHMARK-ONLY']) {
      expect(() => evidenceLogMode({ MOU_EVIDENCE_LOG: value })).toThrow(EvidenceModeError);
    }
    expect(() => evidenceLogMode({ MOU_EVIDENCE_LOG: 'off' })).toThrow('only a benchmark may turn it off, with MOU_EVIDENCE_LOG=off-for-benchmark-only');
  });
  it('logs nothing then, and /readyz says so with a warning', async () => {
    const { db } = await laNode();
    const n = (await storedEntries(db, 1000)).length;
    vi.stubEnv('MOU_EVIDENCE_LOG', 'off-for-benchmark-only');
    await logEnvelope(db, f.logs['la-mlsw'][1]!.jws, 'received', new Date());
    await logDirectory(db, { version: 3, jws: f.dir2 }, new Date());
    expect((await storedEntries(db, 1000)).length).toBe(n);
    expect(evidenceReadiness(evidenceLogMode())).toMatchObject({ ok: true, detail: 'off', warning: expect.stringContaining('this node keeps no evidence') });
    vi.unstubAllEnvs();
    await logEnvelope(db, f.logs['la-mlsw'][1]!.jws, 'received', new Date());
    expect((await storedEntries(db, 1000)).length).toBe(n + 1);
  });
});
