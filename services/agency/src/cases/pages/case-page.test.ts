import { randomBytes } from 'node:crypto';
import { Directory, exampleBodies, uuidv7, type DirectorySnapshot } from '@mou-hub/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleForTest } from '../../http/test-app.ts';
import { insertInbox } from '../../messages/inbox-store.ts';
import { atRestWithKey } from '../../platform/at-rest.ts';
import { applyStep, judgeMessage } from '../case-store.ts';

// The case list and a case page on a real (temporary) database, as a Lao liaison officer reads
// a two-person request from Thailand (one of them 16): words and names, never codes.
const names = (lo: string, th: string, en: string) => ({ lo, th, vi: en, 'zh-Hans': en, en });
const snapshot: DirectorySnapshot = {
  version: 1,
  issued: '2026-03-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [
    { id: 'la-mlsw', country: 'LA', names: names('ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', 'กระทรวงแรงงานฯ ลาว', 'MLSW'), roles: [], keys: [] },
    { id: 'th-msdhs', country: 'TH', names: names('ກະຊວງພັດທະນາສັງຄົມ ຂອງໄທ', 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์', 'MSDHS'), roles: [], keys: [] },
  ],
  agreements: [
    {
      id: 'la-th',
      title: 'Lao PDR - Thailand',
      parties: ['la-mlsw', 'th-msdhs'],
      languages: ['lo', 'th', 'en'],
      send: { 'la-mlsw': ['repatriation.assessment', 'case.note'], 'th-msdhs': ['repatriation.request', 'case.note'] },
      deadlines: [
        { step: 'acknowledge-repatriation', starts: 'repatriation.request', endedBy: ['repatriation.assessment'], within: 5, unit: 'business-days', source: 'secretariat-policy' },
      ],
    },
  ],
};
const CREATED = new Date(Date.now() - 30 * 86_400_000).toISOString();
const id = uuidv7();
let t: Awaited<ReturnType<typeof consoleForTest>>;

beforeAll(async () => {
  t = await consoleForTest();
  const atRest = atRestWithKey(randomBytes(32));
  const directory = new Directory(snapshot);
  Object.assign(t.deps, { atRest, directory: () => directory });
  const body = structuredClone(exampleBodies['repatriation.request']) as any;
  body.urgency = 'urgent';
  const step = { id, thid: id, type: 'repatriation.request', from: 'th-msdhs', to: 'la-mlsw', agreement: 'la-th', body, created: CREATED, ref: 'LA-TH-2026-0042' };
  await t.db.transaction().execute(async (trx) => {
    await insertInbox(
      trx,
      { id, from_agency: 'th-msdhs', agreement: 'la-th', type: step.type, thid: id, reply_to: null, lang: 'th', created: CREATED, expires: null, received_at: CREATED, body: JSON.stringify(body), salt: null, stats: '{"urgent":1}', envelope_hash: `sha256:${id}`, stream_seq: 1 },
      atRest,
    );
    const verdict = await judgeMessage(trx, 'la-mlsw', step);
    if (!verdict.ok) throw new Error(verdict.refusal.code);
    await applyStep(trx, { self: 'la-mlsw', atRest, directory, now: new Date() }, step, verdict.change, { given: true, by: 'counterpart', date: CREATED.slice(0, 10), recordedBy: 'th-msdhs', recordedAt: CREATED, source: 'counterpart' });
  });
});
afterAll(() => t.close());

/** The page's words, without tags, attributes or scripts. */
const words = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');
const CODES = [/\bla-mlsw\b/, /\bth-msdhs\b/, /\bla-th\b/, /\b[0-9a-f]{12}\b/, /\brepatriation\b/, /\brequested\b/, /\backnowledge-repatriation\b/];

describe('the case list and the case page', () => {
  it('list a case by its reference with the main person, a minor badge, urgency and the counterpart by name', async () => {
    const officer = await t.login('liaison-officer');
    const { html } = await t.get('/cases?lang=lo', officer);
    const text = words(html);
    expect(text).toContain('LA-TH-2026-0042');
    expect(text).toContain('Khamla');
    expect(text).toContain('ເດັກ'); // minor
    expect(text).toContain('ດ່ວນ'); // urgent
    expect(text).toContain('ກະຊວງພັດທະນາສັງຄົມ ຂອງໄທ');
    for (const code of CODES) expect(text, String(code)).not.toMatch(code);
    // The names shown were read: the access log says by whom.
    const logged = await t.db.selectFrom('access_log').select(['user', 'what']).where('case_id', '=', id).execute();
    expect(logged).toContainEqual({ user: 'liaison-officer', what: 'case-list' });
  });

  it('head the case with its reference, persons, agreement by its countries, consent, and each deadline late and whose turn', async () => {
    const officer = await t.login('liaison-officer');
    const { res, html } = await t.get(`/cases/${id}?lang=lo`, officer);
    expect(res.status).toBe(200);
    const text = words(html);
    expect(html).toMatch(/<h1>[^<]*LA-TH-2026-0042<\/h1>/);
    expect(text).toContain('ລາວ – ໄທ');
    expect(html).toContain('data-consent="recorded"');
    expect(html).toMatch(/data-step="acknowledge-repatriation" data-clock="overdue"/);
    expect(text).toContain('ຝ່າຍເຮົາ'); // our side's turn
    expect(text).toContain('ສົ່ງຜົນການປະເມີນ'); // the action's own title, not the message type's
    for (const code of CODES) expect(text, String(code)).not.toMatch(code);
  });
});
