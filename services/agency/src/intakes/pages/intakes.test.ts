import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleForTest } from '../../http/test-app.ts';
import { atRestWithKey } from '../../platform/at-rest.ts';

// The embassy desk's intake pages on a real (temporary) database, in Lao, without any API call.
let t: Awaited<ReturnType<typeof consoleForTest>>;
beforeAll(async () => {
  t = await consoleForTest('la-emb-beijing');
  Object.assign(t.deps, { atRest: atRestWithKey(randomBytes(32)) });
});
afterAll(() => t.close());

/** The names of a form's inputs, as the page draws them. */
const inputNames = (html: string) => [...html.matchAll(/<(?:input|select|textarea)[^>]*name="([^"]+)"/g)].map((m) => m[1]!);

describe('intakes', () => {
  it('records a call for help with consent from the form, shows it, and lists it; a form without the narrative is refused next to it', async () => {
    const desk = await t.login('embassy-desk');
    const form = await t.get('/intakes/new?lang=lo', desk);
    expect(form.res.status).toBe(200);
    const names = inputNames(form.html);
    expect(names).toEqual(expect.arrayContaining(['source', 'narrative', 'person.givenName']));
    expect(form.html).not.toMatch(/JSON/);

    const refused = await t.post('/intakes/new', desk, { _csrf: form.csrf!, source: 'call-for-help', 'person.givenName': 'Noy', narrative: '' });
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('value="Noy"');
    expect(again).toMatch(/field-error/);

    const consent = names.filter((n) => n.startsWith('consent.'));
    const fields: Record<string, string> = { _csrf: form.csrf!, source: 'call-for-help', 'person.givenName': 'Noy', narrative: 'ນາງໂທມາຈາກເມືອງຄຸນໝິງ, ຂໍກັບບ້ານ.' };
    expect(consent).toEqual(expect.arrayContaining(['consent.given', 'consent.by', 'consent.date']));
    Object.assign(fields, { 'consent.given': 'true', 'consent.by': 'self', 'consent.date': '2026-03-01' });
    const done = await t.post('/intakes/new', desk, fields);
    expect(done.status, await done.clone().text()).toBe(303);
    const at = done.headers.get('location')!;
    expect(at).toMatch(/^\/intakes\/[0-9a-f-]{36}$/);

    const detail = await t.get(`${at}?lang=lo`, desk);
    expect(detail.html).toContain('ນາງໂທມາຈາກເມືອງຄຸນໝິງ');
    expect(detail.html).toContain('ໂທຂໍຄວາມຊ່ວຍເຫຼືອ');
    expect(detail.html).toContain('data-consent="recorded"');
    const list = await t.get('/intakes?lang=lo', desk);
    expect(list.html).toContain(`href="${at}"`);
    const logged = await t.db.selectFrom('access_log').select('what').where('case_id', '=', at.split('/').pop()!).execute();
    expect(logged).toContainEqual({ what: 'intake' });
  });

  it('opens a case from the intake (the new-case form keeps it) and refuses to link a case it does not have', async () => {
    const desk = await t.login('embassy-desk');
    const form = await t.get('/intakes/new?lang=lo', desk);
    const done = await t.post('/intakes/new', desk, { _csrf: form.csrf!, source: 'call-for-help', 'person.givenName': 'Noy', narrative: 'ນາງຂໍກັບບ້ານ.' });
    const id = done.headers.get('location')!.split('/').pop()!;
    const detail = await t.get(`/intakes/${id}?lang=lo`, desk);
    expect(detail.html).toContain(`/cases/new?kind=investigation&amp;intake=${id}`);
    const opening = await t.get(`/cases/new?kind=investigation&intake=${id}&lang=lo`, desk);
    expect(opening.html).toContain(`action="/cases/new?kind=investigation&amp;intake=${id}"`);
    const unknown = await t.post(`/intakes/${id}/cases`, desk, { _csrf: detail.csrf!, case: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d' });
    expect(unknown.status).toBe(404);
  });

  it('is closed to a translator', async () => {
    expect((await t.get('/intakes', await t.login('translator'))).res.status).toBe(403);
  });
});
