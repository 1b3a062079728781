import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { Directory, exampleBodies, uuidv7, type DirectorySnapshot } from '@mou-hub/protocol';
import { addPeriod, calendarFor } from '@mou-hub/workflows';
import { atRestWithKey } from '../platform/at-rest.ts';
import { applyStep, deadlinesOf, findCase, judgeMessage, listCases, nextCaseRef } from './case-store.ts';
import { insertInbox } from '../messages/inbox-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';

const agency = (id: string, country: string) => ({ id, country, names: { en: id }, roles: ['focal-point'], keys: [] });
const snapshot: DirectorySnapshot = {
  version: 1,
  issued: '2026-03-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [agency('la-mlsw', 'LA'), agency('th-msdhs', 'TH')],
  agreements: [
    {
      id: 'la-th',
      title: 'Lao PDR - Thailand',
      parties: ['la-mlsw', 'th-msdhs'],
      languages: ['lo', 'th', 'en'],
      send: { 'la-mlsw': ['repatriation.assessment', 'case.note'], 'th-msdhs': ['repatriation.request', 'case.note'] },
      deadlines: [
        { step: 'assess-repatriation', starts: 'repatriation.request', endedBy: ['repatriation.assessment'], within: 5, unit: 'business-days', source: 'secretariat-policy' },
      ],
    },
  ],
};
const directory = new Directory(snapshot);
const atRest = atRestWithKey(randomBytes(32));

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

/** Friday 10 April 2026, the Friday before Pi Mai Lao (14-16 April). */
const CREATED = '2026-04-10T02:00:00.000Z';

/** la-mlsw receives a repatriation request and commits it as the inbox does. */
async function receiveRequest(now: Date): Promise<string> {
  const id = uuidv7();
  const body = exampleBodies['repatriation.request'];
  const step = { id, thid: id, type: 'repatriation.request', from: 'th-msdhs', to: 'la-mlsw', agreement: 'la-th', body, created: CREATED, ref: 'LA-TH-2026-0042' };
  await db.transaction().execute(async (trx) => {
    await insertInbox(
      trx,
      { id, from_agency: 'th-msdhs', agreement: 'la-th', type: step.type, thid: id, reply_to: null, lang: 'th', created: CREATED, expires: null, received_at: CREATED, body: JSON.stringify(body), salt: null, stats: null, envelope_hash: `sha256:${id}`, stream_seq: 1 },
      atRest,
    );
    const verdict = await judgeMessage(trx, 'la-mlsw', step);
    if (!verdict.ok) throw new Error(verdict.refusal.code);
    await applyStep(trx, { self: 'la-mlsw', atRest, directory, now }, step, verdict.change, { given: true, by: 'counterpart', date: '2026-04-10', recordedBy: 'th-msdhs', recordedAt: CREATED, source: 'counterpart' });
  });
  return id;
}

describe('case records', () => {
  it('numbers the cases this node opens per agreement and year, past every reference it holds (its own or received)', async () => {
    expect(await nextCaseRef(db, 'la-th', CREATED)).toBe('LA-TH-2026-0001');
    await receiveRequest(new Date(CREATED)); // LA-TH-2026-0042, opened by th-msdhs
    expect(await nextCaseRef(db, 'la-th', CREATED)).toBe('LA-TH-2026-0043');
    await db.deleteFrom('cases').execute();
    const opened = (ref: string) =>
      db.insertInto('cases').values({ id: uuidv7(), ref, kind: 'repatriation', agreement: 'la-th', counterpart: 'th-msdhs', role: 'initiator', state: 'requested', machine: '{}', opened_at: CREATED, updated_at: CREATED, due_at: null, consent_at: null, consent_sealed: null, persons_sealed: null }).execute();
    await opened('LA-TH-2026-0001');
    await opened('LA-TH-2026-0009');
    await opened('LA-TH-2025-0077');
    expect(await nextCaseRef(db, 'la-th', CREATED)).toBe('LA-TH-2026-0010');
    expect(await nextCaseRef(db, 'la-th', '2027-01-02T00:00:00.000Z')).toBe('LA-TH-2027-0001');
    expect(await nextCaseRef(db, 'la-vn', CREATED)).toBe('LA-VN-2026-0001');
  });

  it('opens the responder side of a case, its persons and consent sealed at rest', async () => {
    const id = await receiveRequest(new Date(CREATED));
    const row = await findCase(db, id);
    expect(row).toMatchObject({ id, ref: 'LA-TH-2026-0042', kind: 'repatriation', agreement: 'la-th', counterpart: 'th-msdhs', role: 'responder', state: 'requested', opened_at: CREATED });
    expect(row!.persons_sealed).toMatch(/^ar1:/);
    expect(row!.consent_sealed).toMatch(/^ar1:/);
    expect(JSON.stringify(row)).not.toContain('Khamla');
    expect(JSON.parse(atRest.open(row!.persons_sealed!)).map((p: { ref: string }) => p.ref)).toEqual(['P1', 'P2']);
  });

  it('counts the answering side’s business days: Pi Mai Lao moves the due date, and overdue follows the clock', async () => {
    const id = await receiveRequest(new Date(CREATED));
    const due = addPeriod(calendarFor('LA'), CREATED, 5, 'business-days');
    // Monday 13, then three days of Pi Mai, then 17, 20, 21, 22: twelve calendar days, not seven.
    expect(Date.parse(due) - Date.parse(CREATED)).toBeGreaterThan(10 * 86_400_000);
    expect((await findCase(db, id))!.due_at).toBe(due);
    const row = (await findCase(db, id))!;
    const before = await deadlinesOf(db, directory, 'la-mlsw', row, new Date('2026-04-16T02:00:00.000Z'));
    expect(before).toMatchObject([{ step: 'assess-repatriation', side: 'responder', country: 'LA', due, status: 'open', overdue: false }]);
    const after = await deadlinesOf(db, directory, 'la-mlsw', row, new Date(Date.parse(due) + 60_000));
    expect(after[0]).toMatchObject({ status: 'open', overdue: true });

    const page = (now: string, overdue?: boolean) => listCases(db, { overdue, now, limit: 10, offset: 0 }).then((p) => p.items.map((c) => c.id));
    expect(await page('2026-04-16T02:00:00.000Z', true)).toEqual([]);
    expect(await page('2026-04-16T02:00:00.000Z', false)).toEqual([id]);
    expect(await page(new Date(Date.parse(due) + 60_000).toISOString(), true)).toEqual([id]);
  });

  it('with fixed clocks: an untranslated request is paused until its translation job is due, then becomes overdue (issue 16)', async () => {
    // The same agreement with the decision pausing for translation and a 3-day translation policy.
    const paused = structuredClone(snapshot);
    paused.agreements[0]!.deadlines = [{ ...paused.agreements[0]!.deadlines[0]!, pausesForTranslation: true }];
    paused.agreements[0]!.translation = { within: 3, unit: 'business-days', source: 'secretariat-policy' };
    // la-mlsw's directory entry names where it works: Lao business days, Vientiane time.
    paused.agencies[0] = { ...paused.agencies[0]!, calendar: 'LA', timezone: 'Asia/Vientiane' };
    const dir = new Directory(paused);
    const id = await receiveRequest(new Date(CREATED));
    // la-mlsw's Lao translation of the Thai request opened at once, and nobody took it.
    const job = uuidv7();
    await db.insertInto('translation_jobs').values({
      id: job, held_by: 'la-mlsw', side: 'responder', thid: id, agreement: 'la-th', counterpart: 'th-msdhs', document_kind: 'message', document_id: id,
      source_lang: 'th', target_lang: 'lo', status: 'needed', origin: 'policy', translator: null, reviewer: null, due: null, created_at: CREATED, updated_at: CREATED,
    }).execute();
    await db.insertInto('translation_events').values({ job_id: job, status: 'needed', at: CREATED, actor: null, note_sealed: null }).execute();
    const row = (await findCase(db, id))!;
    const la = calendarFor('LA');
    // Job due three Lao business days after Friday 10 April (Pi Mai 14-16 April): Monday 20 April.
    const jobDue = addPeriod(la, CREATED, 3, 'business-days');
    expect(jobDue).toBe('2026-04-20T02:00:00.000Z');
    const stepDue = addPeriod(la, jobDue, 5, 'business-days');
    const at = async (now: string) => (await deadlinesOf(db, dir, 'la-mlsw', row, new Date(now)))[0];
    expect(await at('2026-04-17T02:00:00.000Z')).toMatchObject({ paused: true, overdue: false, due: stepDue });
    expect(await at('2026-04-21T02:00:00.000Z')).toMatchObject({ paused: false, overdue: false, due: stepDue });
    expect(await at(new Date(Date.parse(stepDue) + 60_000).toISOString())).toMatchObject({ status: 'open', paused: false, overdue: true, due: stepDue });
  });
});
