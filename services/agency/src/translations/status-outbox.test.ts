import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { Directory, uuidv7, validateBody, type DirectorySnapshot } from '@mou-hub/protocol';
import { atRestWithKey } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';
import { listCaseTranslations } from './case-translations.ts';
import { STATUS_HOLD_MS } from './rules/status-message.ts';
import { trackTranslations, type CommittedMessage } from './translation-inbox.ts';
import { actOnTranslation } from './translation-service.ts';

const party = (id: string, country: string) => ({ id, country, names: { en: id }, roles: ['focal-point'], keys: [] });
const snapshot: DirectorySnapshot = {
  version: 1,
  issued: '2026-03-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [party('la-mlsw', 'LA'), party('th-msdhs', 'TH')],
  agreements: [
    {
      id: 'la-th',
      title: 'Lao PDR - Thailand',
      parties: ['la-mlsw', 'th-msdhs'],
      languages: ['lo', 'en'],
      send: { 'la-mlsw': ['case.note', 'translation.status'], 'th-msdhs': ['case.note', 'translation.status'] },
      deadlines: [],
    },
  ],
};
const directory = new Directory(snapshot);
const atRest = atRestWithKey(randomBytes(32));
const noy = { username: 'noy', roles: ['translator'] };
const kham = { username: 'kham', roles: ['translator'] };

/** la-mlsw translates; th-msdhs follows its job from the messages la-mlsw sends. */
let lao: Kysely<AgencyDatabase>;
let thai: Kysely<AgencyDatabase>;
let closes: (() => Promise<void>)[] = [];
beforeEach(async () => {
  const a = await openTestDatabase();
  const b = await openTestDatabase();
  [lao, thai, closes] = [a.db, b.db, [a.close, b.close]];
});
afterEach(async () => {
  for (const c of closes) await c();
});

// Real times: a change is held against the clock, and the relay reads the same clock.
const T0 = Date.now();
const at = (ms: number) => new Date(T0 + ms);
const statusRows = () => lao.selectFrom('outbox').selectAll().where('type', '=', 'translation.status').orderBy('created').orderBy('id').execute();

/** th-msdhs sends a Thai note on its own case; la-mlsw commits it and opens a job (`needed`). */
async function thaiNoteAtLaos(): Promise<{ note: CommittedMessage; job: string }> {
  const id = uuidv7();
  const note: CommittedMessage = { id, type: 'case.note', from: 'th-msdhs', agreement: 'la-th', thid: id, lang: 'th', created: at(0).toISOString() };
  await thai
    .insertInto('outbox')
    .values({ id, to_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: id, reply_to: null, lang: 'th', body: atRest.seal('{}'), stats: null, expires: null, created: note.created, status: 'delivered', jws: null, envelope_hash: null, stream_seq: null, attempts: 0, next_attempt_at: note.created, last_error: null, problem_code: null, problem_detail: null, settled_by: null, updated_at: note.created })
    .execute();
  await lao.transaction().execute((trx) => trackTranslations(trx, { agency: 'la-mlsw', directory, atRest }, note, { text: 'x' }, at(0)));
  const job = await lao.selectFrom('translation_jobs').select('id').where('document_id', '=', id).executeTakeFirstOrThrow();
  return { note, job: job.id };
}

/** Every status message la-mlsw queued, committed at th-msdhs as the wire carries it. */
async function deliverToThai(thid: string): Promise<void> {
  for (const row of await statusRows()) {
    const m: CommittedMessage = { id: row.id, type: row.type, from: 'la-mlsw', agreement: 'la-th', thid, lang: row.lang ?? undefined, created: row.created };
    await thai.transaction().execute((trx) => trackTranslations(trx, { agency: 'th-msdhs', directory, atRest }, m, JSON.parse(atRest.open(row.body)), new Date()));
  }
}

const act = (job: string, action: 'claim' | 'submit' | 'approve', who: typeof noy, ms: number) =>
  actOnTranslation({ db: lao, agency: 'la-mlsw', atRest }, job, action, who, action === 'submit' ? { text: 'ບັນທຶກ' } : {}, at(ms));

describe('translation status changes seconds apart', () => {
  it('go as one message (claimed, then translated), the first status at once; th-msdhs lists every status with its time', async () => {
    const { note, job } = await thaiNoteAtLaos();
    expect((await act(job, 'claim', noy, 300)).ok).toBe(true);
    expect((await act(job, 'submit', noy, 1_000)).ok).toBe(true);
    // Long after the hold: its own message.
    expect((await act(job, 'approve', kham, 60_000)).ok).toBe(true);

    const rows = await statusRows();
    expect(rows.map((r) => JSON.parse(r.stats!))).toEqual([{ 'translation-needed': 1 }, { 'translation-translated': 1 }, { 'translation-reviewed': 1 }]);
    const [needed, translated] = rows;
    expect(needed!.next_attempt_at).toBe(needed!.created);
    expect(translated).toMatchObject({ created: at(1_000).toISOString(), next_attempt_at: at(300 + STATUS_HOLD_MS).toISOString(), reply_to: note.id });
    const body = JSON.parse(atRest.open(translated!.body));
    expect(body).toMatchObject({ status: 'translated', earlier: [{ status: 'claimed', at: at(300).toISOString() }] });
    expect(validateBody('translation.status', body).ok).toBe(true);

    await deliverToThai(note.thid);
    const [here] = await listCaseTranslations(lao, note.thid);
    const [there] = await listCaseTranslations(thai, note.thid);
    expect(here!.history.map((h) => h.status)).toEqual(['needed', 'claimed', 'translated', 'reviewed']);
    expect(there!.history).toEqual(here!.history);
    expect(there).toMatchObject({ status: 'reviewed', heldBy: 'la-mlsw', side: 'responder' });
  });

  it('go apart once the held message is sealed, and for another document of the same case', async () => {
    const { note, job } = await thaiNoteAtLaos();
    expect((await act(job, 'claim', noy, 300)).ok).toBe(true);
    // The relay sealed it: its bytes are kept, the next change gets a message of its own.
    await lao.updateTable('outbox').set({ jws: 'sealed' }).where('stats', '=', '{"translation-claimed":1}').execute();
    expect((await act(job, 'submit', noy, 600)).ok).toBe(true);
    expect((await statusRows()).map((r) => r.stats)).toEqual(['{"translation-needed":1}', '{"translation-claimed":1}', '{"translation-translated":1}']);

    // A second Thai note in the same case: its job's status is not folded into the first job's.
    const second: CommittedMessage = { ...note, id: uuidv7(), created: at(700).toISOString() };
    await lao.transaction().execute((trx) => trackTranslations(trx, { agency: 'la-mlsw', directory, atRest }, second, {}, at(700)));
    const other = await lao.selectFrom('translation_jobs').select('id').where('document_id', '=', second.id).executeTakeFirstOrThrow();
    expect((await act(other.id, 'claim', kham, 800)).ok).toBe(true);
    const bodies = (await statusRows()).map((r) => JSON.parse(atRest.open(r.body)) as { status: string; document: { id: string }; earlier?: unknown });
    expect(bodies.filter((b) => b.document.id === second.id).map((b) => b.status)).toEqual(['needed', 'claimed']);
    expect(bodies.every((b) => b.earlier === undefined)).toBe(true);
  });
});
