import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { Directory, uuidv7, validateBody, type Deadline, type DirectorySnapshot } from '@mou-hub/protocol';
import { atRestWithKey } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';
import { actOnTranslation, requestTranslation } from './translation-service.ts';
import { caseTranslationPauses } from '@mou-hub/workflows';
import { caseTranslationJobs, listCaseTranslations } from './case-translations.ts';
import { trackTranslations, type CommittedMessage } from './translation-inbox.ts';
import { translationVersions } from './translation-versions.ts';
import { listTranslationJobs, translationHistory } from './translation-store.ts';

const agency = (id: string, country: string, names: Record<string, string>) => ({ id, country, names, roles: ['focal-point'], keys: [] });
const snapshot: DirectorySnapshot = {
  version: 1,
  issued: '2026-03-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [agency('la-mlsw', 'LA', { lo: 'ກະຊວງ', en: 'MLSW' }), agency('th-msdhs', 'TH', { th: 'กระทรวง', en: 'MSDHS' })],
  agreements: [
    {
      id: 'la-th',
      title: 'Lao PDR - Thailand',
      parties: ['la-mlsw', 'th-msdhs'],
      languages: ['lo', 'th', 'en'],
      send: { 'la-mlsw': ['case.note', 'translation.status'], 'th-msdhs': ['repatriation.request', 'case.note', 'translation.status'] },
      deadlines: [],
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

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const request = (lang: string): CommittedMessage => {
  const id = uuidv7();
  return { id, type: 'repatriation.request', from: 'th-msdhs', agreement: 'la-th', thid: id, lang, created: T0.toISOString() };
};
const receive = (ctxAgency: string, m: CommittedMessage, body: unknown = {}, now = T0) =>
  db.transaction().execute((trx) => trackTranslations(trx, { agency: ctxAgency, directory, atRest }, m, body, now));
const sentStatuses = () =>
  db.selectFrom('outbox').selectAll().where('type', '=', 'translation.status').orderBy('created').orderBy('id').execute();
const noy = { username: 'noy', roles: ['translator'] };
const kham = { username: 'kham', roles: ['translator'] };
const boss = { username: 'boss', roles: ['supervisor'] };
const deps = () => ({ db, agency: 'la-mlsw', atRest });

describe('the language policy at the inbox commit', () => {
  it('opens a th → lo job for a Thai request at la-mlsw and tells th-msdhs, on the case thread', async () => {
    const m = request('th');
    expect(await receive('la-mlsw', m)).toBe(true);
    const { items } = await listTranslationJobs(db, { heldBy: 'la-mlsw', limit: 10, offset: 0 });
    expect(items).toMatchObject([{ thid: m.thid, document_id: m.id, source_lang: 'th', target_lang: 'lo', status: 'needed', side: 'responder', origin: 'policy' }]);
    const [sent] = await sentStatuses();
    expect(sent).toMatchObject({ to_agency: 'th-msdhs', thid: m.thid, reply_to: m.id, lang: 'lo', stats: '{"translation-needed":1}' });
    expect(validateBody('translation.status', JSON.parse(atRest.open(sent!.body))).ok).toBe(true);
  });

  it.each([
    ['Lao', 'lo'],
    ['English, which la-th lists', 'en'],
  ])('opens nothing for a document in %s', async (_, lang) => {
    expect(await receive('la-mlsw', request(lang))).toBe(false);
    expect(await sentStatuses()).toEqual([]);
  });

  it('opens one job per document and language, however often the hook runs', async () => {
    const m = request('th');
    await receive('la-mlsw', m);
    expect(await receive('la-mlsw', m)).toBe(false);
    expect((await listTranslationJobs(db, { heldBy: 'la-mlsw', limit: 10, offset: 0 })).total).toBe(1);
  });
});

describe('actions on a job', () => {
  async function openJob() {
    const m = request('th');
    await receive('la-mlsw', m);
    return (await db.selectFrom('translation_jobs').select('id').where('document_id', '=', m.id).executeTakeFirstOrThrow()).id;
  }

  it('runs claim, submit, return with a note, submit again, approve by a second translator', async () => {
    const id = await openJob();
    const steps: [string, typeof noy, Record<string, string>][] = [
      ['claim', noy, {}],
      ['submit', noy, { text: 'ຄຳແປ MARKER-first' }],
      ['return', kham, { note: 'MARKER-note: check the names' }],
      ['submit', noy, { text: 'ຄຳແປ MARKER-second' }],
      ['approve', kham, {}],
    ];
    for (const [n, [action, actor, input]] of steps.entries()) {
      const r = await actOnTranslation(deps(), id, action as 'claim', actor, input, at(n + 1));
      expect(r.ok, `${action}: ${JSON.stringify(r)}`).toBe(true);
    }
    expect((await translationHistory(db, id)).map((h) => h.status)).toEqual(['needed', 'claimed', 'translated', 'returned', 'translated', 'reviewed']);
    expect((await translationHistory(db, id, atRest))[3]).toMatchObject({ actor: 'kham', note: 'MARKER-note: check the names' });
    const versions = await translationVersions(db, id, atRest);
    expect(versions.map((v) => [v.version, v.text, v.translator, v.reviewer])).toEqual([
      [1, 'ຄຳແປ MARKER-first', 'noy', 'kham'],
      [2, 'ຄຳແປ MARKER-second', 'noy', 'kham'],
    ]);

    const sent = await sentStatuses();
    const bodies = sent.map((s) => JSON.parse(atRest.open(s.body)) as { status: string; translation?: string; note?: string });
    expect(bodies.map((b) => b.status)).toEqual(['needed', 'claimed', 'translated', 'returned', 'translated', 'reviewed']);
    for (const b of bodies) expect(validateBody('translation.status', b).ok, JSON.stringify(b)).toBe(true);
    expect(bodies[5]!.translation).toBe(versions[1]!.digest);
    // The return note stays with the translator: it never goes to the other side.
    expect(bodies.some((b) => b.note)).toBe(false);
    expect(sent.map((s) => s.stats)).toContain('{"translation-reviewed":1}');

    // Victim data rests sealed: neither the texts nor the note are in the file in clear.
    const dump = JSON.stringify([
      await db.selectFrom('translation_versions').selectAll().execute(),
      await db.selectFrom('translation_events').selectAll().execute(),
      await db.selectFrom('outbox').selectAll().execute(),
    ]);
    expect(dump).not.toContain('MARKER');
  });

  it('takes a translated file as a version: its attachment digest is the translation sent', async () => {
    const id = await openJob();
    const file = `sha256:${'f'.repeat(43)}`;
    await actOnTranslation(deps(), id, 'claim', noy, {});
    expect((await actOnTranslation(deps(), id, 'submit', noy, { attachment: file })).ok).toBe(true);
    expect((await translationVersions(db, id, atRest))[0]).toMatchObject({ text: null, attachment: file, digest: file });
    const last = (await sentStatuses()).at(-1)!;
    expect(JSON.parse(atRest.open(last.body))).toMatchObject({ status: 'translated', translation: file });
  });

  it.each([
    ['approve their own translation', 'approve', 'own-translation'],
    ['return their own translation', 'return', 'own-translation'],
  ])('refuses a translator who would %s', async (_, action, code) => {
    const id = await openJob();
    await actOnTranslation(deps(), id, 'claim', noy, {});
    await actOnTranslation(deps(), id, 'submit', noy, { text: 'x' });
    const r = await actOnTranslation(deps(), id, action as 'approve', noy, { note: 'n' });
    expect(r.ok ? undefined : r.refusal.code).toBe(code);
    expect((await translationHistory(db, id)).map((h) => h.status)).toEqual(['needed', 'claimed', 'translated']);
  });

  it('refuses an action that does not fit, a missing role, another job holder, and writes nothing', async () => {
    const id = await openJob();
    const before = (await sentStatuses()).length;
    const wrong = await actOnTranslation(deps(), id, 'approve', kham, {});
    expect(wrong).toEqual({ ok: false, refusal: { code: 'invalid-state', params: { action: 'approve', status: 'needed' } } });
    const officer = await actOnTranslation(deps(), id, 'claim', { username: 'o', roles: ['liaison-officer', 'supervisor'] }, {});
    expect(officer.ok ? undefined : officer.refusal.code).toBe('missing-role');
    const elsewhere = await actOnTranslation({ ...deps(), agency: 'th-msdhs' }, id, 'claim', noy, {});
    expect(elsewhere.ok ? undefined : elsewhere.refusal.code).toBe('not-found');
    expect((await sentStatuses()).length).toBe(before);
  });

  it('tracks a machine draft and a job not needed apart, neither reviewed', async () => {
    const draft = await openJob();
    const skip = await openJob();
    expect((await actOnTranslation(deps(), draft, 'machine-draft', noy, { text: 'machine words' })).ok).toBe(true);
    expect((await actOnTranslation(deps(), skip, 'not-needed', boss, { reason: 'The family reads Thai.' })).ok).toBe(true);
    const approveDraft = await actOnTranslation(deps(), draft, 'approve', kham, {});
    expect(approveDraft.ok ? undefined : approveDraft.refusal.code).toBe('invalid-state');
    const approveSkip = await actOnTranslation(deps(), skip, 'approve', kham, {});
    expect(approveSkip.ok ? undefined : approveSkip.refusal.code).toBe('invalid-state');
    const { items } = await listTranslationJobs(db, { heldBy: 'la-mlsw', limit: 10, offset: 0 });
    expect(items.map((j) => j.status)).toEqual(['machine-draft', 'not-needed']);
    expect((await listTranslationJobs(db, { heldBy: 'la-mlsw', status: 'reviewed', limit: 10, offset: 0 })).total).toBe(0);
    expect((await translationVersions(db, draft, atRest))[0]).toMatchObject({ kind: 'machine', reviewer: null });
    const bodies = (await sentStatuses()).map((s) => JSON.parse(atRest.open(s.body)) as { status: string; note?: string });
    expect(bodies.filter((b) => b.status === 'not-needed')).toEqual([expect.objectContaining({ note: 'The family reads Thai.' })]);
  });
});

describe('a supervisor asking for a job', () => {
  it('opens one on a received message, refuses a second, an unknown message, and the same language', async () => {
    const m = request('lo');
    await db
      .insertInto('inbox')
      .values({ id: m.id, from_agency: 'th-msdhs', agreement: 'la-th', type: m.type, thid: m.thid, reply_to: null, lang: 'lo', created: m.created, expires: null, received_at: m.created, body: atRest.seal('{}'), salt: null, stats: null, envelope_hash: 'sha256:x', stream_seq: 1 })
      .execute();
    const ask = { document: { kind: 'message' as const, id: m.id }, targetLang: 'en' };
    const r = await requestTranslation(deps(), ask, 'boss');
    expect(r).toMatchObject({ ok: true, job: { source_lang: 'lo', target_lang: 'en', origin: 'requested', status: 'needed' } });
    expect(await requestTranslation(deps(), ask, 'boss')).toMatchObject({ ok: false, code: 'conflict' });
    expect(await requestTranslation(deps(), { ...ask, document: { kind: 'message', id: uuidv7() } }, 'boss')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await requestTranslation(deps(), { ...ask, targetLang: 'lo' }, 'boss')).toMatchObject({ ok: false, code: 'invalid-request' });
  });
});

describe("the other side's view", () => {
  it('follows the statuses from translation.status messages, with their times, as the holder lists them', async () => {
    const thid = uuidv7();
    // th-msdhs opened the case.
    await db
      .insertInto('outbox')
      .values({ id: thid, to_agency: 'la-mlsw', agreement: 'la-th', type: 'repatriation.request', thid, reply_to: null, lang: 'th', body: atRest.seal('{}'), stats: null, expires: null, created: T0.toISOString(), status: 'delivered', jws: null, envelope_hash: null, stream_seq: null, attempts: 0, next_attempt_at: T0.toISOString(), last_error: null, problem_code: null, problem_detail: null, settled_by: null, updated_at: T0.toISOString() })
      .execute();
    const translator = { name: 'Noy', agency: 'la-mlsw', role: 'translator' };
    const statuses: [string, Record<string, unknown>][] = [
      ['needed', {}],
      ['claimed', { translator }],
      ['translated', { translator, translation: `sha256:${'a'.repeat(43)}` }],
      ['reviewed', { translator, reviewer: { name: 'Kham', agency: 'la-mlsw' }, translation: `sha256:${'a'.repeat(43)}` }],
    ];
    for (const [n, [status, extra]] of statuses.entries()) {
      const created = at(n * 10).toISOString();
      const body = { document: { kind: 'message', id: thid }, sourceLang: 'th', targetLang: 'lo', status, ...extra };
      await receive('th-msdhs', { id: uuidv7(), type: 'translation.status', from: 'la-mlsw', agreement: 'la-th', thid, lang: 'lo', created }, body, at(n * 10 + 1));
    }
    const [t] = await listCaseTranslations(db, thid);
    expect(t).toMatchObject({ document: { kind: 'message', id: thid }, sourceLang: 'th', targetLang: 'lo', status: 'reviewed', side: 'responder', heldBy: 'la-mlsw', updatedAt: at(30).toISOString() });
    expect(t!.history).toEqual(statuses.map(([status], n) => ({ status, at: at(n * 10).toISOString() })));
    // A status about a message th-msdhs never sent in this case is not followed.
    const stray = { document: { kind: 'message', id: uuidv7() }, sourceLang: 'th', targetLang: 'lo', status: 'needed' };
    await receive('th-msdhs', { id: uuidv7(), type: 'translation.status', from: 'la-mlsw', agreement: 'la-th', thid, lang: 'lo', created: at(40).toISOString() }, stray, at(41));
    expect(await listCaseTranslations(db, thid)).toHaveLength(1);
    // th-msdhs's own queue holds none of them: they are la-mlsw's jobs.
    expect((await listTranslationJobs(db, { heldBy: 'th-msdhs', limit: 10, offset: 0 })).total).toBe(0);

    const deadline = (step: string, pausesForTranslation: boolean): Deadline => ({
      step, starts: 'repatriation.request', endedBy: ['repatriation.assessment'], within: 7, unit: 'days', source: 'secretariat-policy', pausesForTranslation,
    });
    // The jobs as the workflows' one pause rule reads them: the answering side's pause the step.
    const jobs = await caseTranslationJobs(db, thid);
    expect(jobs).toEqual([{ side: 'responder', history: statuses.map(([status], n) => ({ status, at: at(n * 10).toISOString() })) }]);
    const steps = [{ type: 'repatriation.request', side: 'initiator' as const, at: T0.toISOString() }];
    const parties = { initiator: 'th-msdhs', responder: 'la-mlsw' };
    expect(caseTranslationPauses({ deadlines: [deadline('acknowledge', false), deadline('decide', true)], steps, parties, jobs })).toEqual([
      { from: T0.toISOString(), to: at(30).toISOString(), step: 'decide' },
    ]);
  });
});
