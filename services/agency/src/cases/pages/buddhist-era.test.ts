import { randomBytes } from 'node:crypto';
import { bodySchemas, BUSINESS_TYPES, Directory, exampleBodies, generateAgencyKeys, publicJwk, type DirectorySnapshot } from '@mou-hub/protocol';
import { describeBody, formValues } from '@mou-hub/web-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../http/app.ts';
import { consoleForTest } from '../../http/test-app.ts';
import { translator } from '../../console/i18n/index.ts';
import { atRestWithKey } from '../../platform/at-rest.ts';

// A Thai officer types the Buddhist-era year (2569 for 2026): the API and the page refuse it,
// naming the field and saying why, and nothing is queued.
const SINCE = '2020-01-01T00:00:00.000Z';
let t: Awaited<ReturnType<typeof consoleForTest>>;
let api: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await consoleForTest('th-msdhs');
  const [th, la] = await Promise.all([generateAgencyKeys('th-msdhs', 't1'), generateAgencyKeys('la-mlsw', 't1')]);
  const keys = (k: typeof th) => [k.sig, k.enc].map((jwk) => ({ kid: jwk.kid, use: jwk.crv === 'Ed25519' ? ('sig' as const) : ('enc' as const), jwk: publicJwk(jwk), notBefore: SINCE }));
  const snapshot: DirectorySnapshot = {
    version: 1,
    issued: SINCE,
    rootKeys: [],
    agencies: [
      { id: 'la-mlsw', country: 'LA', names: { lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', th: 'กระทรวงแรงงานและสวัสดิการสังคม ลาว', en: 'MLSW' }, roles: [], keys: keys(la) },
      { id: 'th-msdhs', country: 'TH', names: { th: 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์', en: 'MSDHS' }, roles: [], keys: keys(th) },
    ],
    agreements: [{ id: 'la-th', title: 'Lao PDR - Thailand', parties: ['la-mlsw', 'th-msdhs'], languages: ['lo', 'th', 'en'], send: { 'la-mlsw': [...BUSINESS_TYPES], 'th-msdhs': [...BUSINESS_TYPES] }, deadlines: [] }],
  };
  const directory = new Directory(snapshot);
  Object.assign(t.deps, { atRest: atRestWithKey(randomBytes(32)), directory: () => directory, wakeRelay: () => {} });
  api = createApp({ ...t.deps, maxRequestBytes: 1 << 20, readiness: async () => ({}) });
}, 60_000);
afterAll(() => t.close());

/** The example request with the identification day in the Buddhist era. */
const buddhist = () => ({ ...structuredClone(exampleBodies['repatriation.request']), identifiedOn: '2569-02-10' });
const queued = async () => (await t.db.selectFrom('outbox').select('id').execute()).length;

describe('a Buddhist-era date', () => {
  it('is refused by the API, naming the field and the rule, and nothing is queued', async () => {
    const token = await t.deps.tokens.issue({ sub: 'liaison-officer', roles: ['liaison-officer'], agency: 'th-msdhs' });
    const res = await api.request('/api/v1/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: buddhist() }),
    });
    expect(res.status).toBe(400);
    const answer = JSON.stringify(await res.json());
    expect(answer).toContain('"path":"identifiedOn"');
    expect(answer).toContain('"kind":"year-out-of-range"');
    expect(await queued()).toBe(0);
  });

  it('is refused on the Thai page beside the field, named by its label, with the Gregorian year asked for', async () => {
    const officer = await t.login('liaison-officer');
    const { csrf } = await t.get('/cases/new?kind=repatriation&lang=th', officer);
    const nodes = describeBody(bodySchemas['repatriation.request']);
    const res = await t.post('/cases/new?kind=repatriation&lang=th', officer, { _csrf: csrf!, to: 'la-th|la-mlsw', lang: 'th', ...formValues(nodes, buddhist(), { utcOffsetMinutes: 420 }) });
    expect(res.status).toBe(400);
    const html = await res.text();
    const alert = /role="alert">([^<]*)/.exec(html)?.[1] ?? '';
    // Named by the field's Thai label, never its path.
    expect(alert).toContain(`${translator('th')('bodyField.identifiedOn')}:`);
    expect(alert).toMatch(/ค\.ศ\./);
    expect(alert).toMatch(/1900.*2100/);
    // Beside the field itself, and the value typed is kept.
    expect(html).toMatch(/id="nc-identifiedOn-error">[^<]*พ\.ศ\./);
    expect(html).toContain('value="2569-02-10"');
    expect(html).not.toMatch(/\{\{|identifiedOn:/);
    expect(await queued()).toBe(0);
  });

  it('is refused in the consent recorded beside the body too', async () => {
    const officer = await t.login('liaison-officer');
    const { csrf } = await t.get('/cases/new?kind=investigation&lang=th', officer);
    const nodes = describeBody(bodySchemas['investigation.request']);
    const res = await t.post('/cases/new?kind=investigation&lang=th', officer, {
      _csrf: csrf!,
      to: 'la-th|la-mlsw',
      '_consent.by': 'self',
      '_consent.date': '2569-02-10',
      ...formValues(nodes, exampleBodies['investigation.request'], { utcOffsetMinutes: 420 }),
    });
    expect(res.status).toBe(400);
    const alert = /role="alert">([^<]*)/.exec(await res.text())?.[1] ?? '';
    expect(alert).toContain(translator('th')('bodyField.date'));
    expect(alert).toMatch(/ค\.ศ\./);
    expect(await queued()).toBe(0);
  });
});

describe('persons left unnumbered', () => {
  it('are numbered by the node (P1, P2), the form does not insist on a reference', async () => {
    const officer = await t.login('liaison-officer');
    const { csrf, html } = await t.get('/cases/new?kind=repatriation&lang=th', officer);
    expect(html).toMatch(/name="persons\[0\]\.person\.ref"(?![^>]*required)/);
    const nodes = describeBody(bodySchemas['repatriation.request']);
    const body = structuredClone(exampleBodies['repatriation.request']) as { persons: { person: { ref?: string } }[] };
    for (const p of body.persons) delete p.person.ref;
    const res = await t.post('/cases/new?kind=repatriation&lang=th', officer, { _csrf: csrf!, to: 'la-th|la-mlsw', lang: 'th', ...formValues(nodes, body, { utcOffsetMinutes: 420 }) });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').pop()!;
    const { persons_sealed } = await t.db.selectFrom('cases').select('persons_sealed').where('id', '=', id).executeTakeFirstOrThrow();
    const persons = JSON.parse(t.deps.atRest.open(persons_sealed!)) as { ref: string }[];
    expect(persons.map((p) => p.ref)).toEqual(['P1', 'P2']);
  });
});
