import { randomBytes } from 'node:crypto';
import { hashPassword } from '@mou-hub/service-kit';
import { uuidv7 } from '@mou-hub/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleForTest, TEST_PASSWORD } from '../../http/test-app.ts';
import { insertInbox } from '../../messages/inbox-store.ts';
import { atRestWithKey } from '../../platform/at-rest.ts';
import { createUser } from '../../users/user-admin.ts';
import { findTranslationJob, openTranslationJob } from '../translation-store.ts';

// The translator's pages on a real (temporary) database, as two Lao translators use them.
let t: Awaited<ReturnType<typeof consoleForTest>>;
const thid = uuidv7();
const job = uuidv7();
const AT = '2026-03-02T08:00:00.000Z';

beforeAll(async () => {
  t = await consoleForTest();
  Object.assign(t.deps, { atRest: atRestWithKey(randomBytes(32)), wakeRelay: () => {} });
  await createUser(t.db, { username: 'translator2', passwordHash: await hashPassword(TEST_PASSWORD), roles: ['translator'] });
  await t.db
    .insertInto('cases')
    .values({ id: thid, ref: 'LA-TH-2026-0042', kind: 'repatriation', agreement: 'la-th', counterpart: 'th-msdhs', role: 'responder', state: 'requested', machine: '{}', opened_at: AT, updated_at: AT, due_at: null, consent_at: AT, consent_sealed: null, persons_sealed: null })
    .execute();
  const body = JSON.stringify({ text: 'ผู้หญิงสองคนรอการส่งกลับที่สถานคุ้มครอง' });
  await insertInbox(
    t.db,
    { id: thid, from_agency: 'th-msdhs', agreement: 'la-th', type: 'case.note', thid, reply_to: null, lang: 'th', created: AT, expires: null, received_at: AT, body, salt: null, stats: null, envelope_hash: `sha256:${thid}`, stream_seq: 1 },
    t.deps.atRest,
  );
  await openTranslationJob(
    t.db,
    { id: job, held_by: 'la-mlsw', side: 'responder', thid, agreement: 'la-th', counterpart: 'th-msdhs', document_kind: 'message', document_id: thid, source_lang: 'th', target_lang: 'lo', status: 'needed', origin: 'policy', translator: null, reviewer: null, due: null, created_at: AT, updated_at: AT },
    null,
  );
});
afterAll(() => t.close());

/** Posts an action's form with the page's CSRF token; answers the response. */
async function act(cookie: string, action: string, form: Record<string, string> = {}) {
  const { csrf } = await t.get(`/translations/${job}`, cookie);
  return t.post(`/translations/${job}/${action}`, cookie, { _csrf: csrf!, ...form });
}

describe('the translator page', () => {
  it('lists the job by case reference, document and language names, never codes', async () => {
    const { res, html } = await t.get('/translations?lang=lo', await t.login('translator'));
    expect(res.status).toBe(200);
    expect(html).toContain('LA-TH-2026-0042');
    expect(html).toContain('ໄທ'); // Thai, named in Lao
    expect(html).toContain(`href="/translations/${job}"`);
    const text = html.replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/\b(th|lo|la-mlsw|th-msdhs)\b/);
  });

  it('shows the original to translate; one translator claims and translates, a second returns, then approves', async () => {
    const first = await t.login('translator');
    const second = await t.login('translator2');
    const page = await t.get(`/translations/${job}?lang=lo`, first);
    expect(page.html).toContain('ผู้หญิงสองคนรอการส่งกลับที่สถานคุ้มครอง');
    expect(page.html).toContain('data-action="claim"');
    expect(page.html).not.toContain('data-action="approve"');

    expect((await act(first, 'claim')).status).toBe(303);
    expect((await act(first, 'submit', { text: 'ແມ່ຍິງສອງຄົນ' })).status).toBe(303);
    // Nobody reviews their own translation: the first translator is offered no review.
    expect((await t.get(`/translations/${job}`, first)).html).not.toContain('data-action="approve"');
    const own = await act(first, 'approve');
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('ຕ້ອງໃຫ້ນັກແປຄົນທີສອງກວດ');

    const empty = await act(second, 'return', { note: ' ' });
    expect(empty.status).toBe(400);
    expect((await findTranslationJob(t.db, job))!.status).toBe('translated');
    expect((await act(second, 'return', { note: 'ຂຽນຊື່ສະຖານທີ່ໃຫ້ຄົບ' })).status).toBe(303);
    const returned = await t.get(`/translations/${job}`, first);
    expect(returned.html).toContain('ຂຽນຊື່ສະຖານທີ່ໃຫ້ຄົບ');
    // The translator's last text is offered again to correct.
    expect(returned.html).toMatch(/<textarea[^>]*name="text"[^>]*>ແມ່ຍິງສອງຄົນ<\/textarea>/);
    expect((await act(first, 'submit', { text: 'ແມ່ຍິງສອງຄົນລໍຖ້າຢູ່ສູນພັກພິງ' })).status).toBe(303);
    expect((await act(second, 'approve')).status).toBe(303);
    const done = await findTranslationJob(t.db, job);
    expect([done!.status, done!.translator, done!.reviewer]).toEqual(['reviewed', 'translator', 'translator2']);
    // Each change goes to the other side in a translation status message, through the outbox;
    // changes seconds apart share one (the later status, the others in `earlier`).
    const sent = await t.db.selectFrom('outbox').select('body').where('type', '=', 'translation.status').orderBy('created').execute();
    const statuses = sent.flatMap((r) => {
      const b = JSON.parse(t.deps.atRest!.open(r.body)) as { status: string; earlier?: { status: string }[] };
      return [...(b.earlier ?? []).map((e) => e.status), b.status];
    });
    expect(statuses).toEqual(['claimed', 'translated', 'returned', 'translated', 'reviewed']);
  });

  it('is closed to a liaison officer, who may see the list only', async () => {
    const officer = await t.login('liaison-officer');
    expect((await t.get('/translations', officer)).res.status).toBe(200);
    expect((await t.get(`/translations/${job}`, officer)).res.status).toBe(403);
  });
});
