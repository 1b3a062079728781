import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { assetRoutes, catalogProblems, chooseLanguage, LANGS, mergeCatalogs, page, pageContext, SHARED_CATALOGS, translators, type Catalogs, type PageVariables } from './index.ts';

const oneEach = (make: (lang: string) => object): Catalogs => Object.fromEntries(LANGS.map((l) => [l, make(l)])) as Catalogs;

describe('shared catalogs', () => {
  it('are complete in every language', () => {
    expect(catalogProblems(SHARED_CATALOGS)).toEqual([]);
  });

  it('a missing key, an extra key, an empty label and a lost parameter are each found', () => {
    const broken = structuredClone(SHARED_CATALOGS) as Record<string, any>;
    delete broken['lo'].login.title;
    broken['th'].login.extra = 'x';
    broken['vi'].login.submit = ' ';
    broken['zh-Hans'].app.signedInAs = '已登录';
    expect(catalogProblems(broken as Catalogs)).toEqual(['lo: missing login.title', 'th: extra login.extra', 'vi: empty login.submit', 'zh-Hans: parameters of app.signedInAs']);
  });

  it('a service adds its keys; a key defined twice is refused', () => {
    const merged = mergeCatalogs(SHARED_CATALOGS, oneEach((l) => ({ login: { hint: `hint ${l}` } })));
    expect(translators(merged)('lo')('login.hint')).toBe('hint lo');
    expect(translators(merged)('lo')('login.title')).toBe('ເຂົ້າສູ່ລະບົບ');
    expect(() => mergeCatalogs(SHARED_CATALOGS, oneEach(() => ({ login: { title: 'again' } })))).toThrow('catalog key login.title is defined twice');
  });
});

describe('a page in the kit', () => {
  const translator = translators(SHARED_CATALOGS);
  const app = new Hono<{ Variables: PageVariables }>();
  app.route('/assets', assetRoutes());
  app.use(chooseLanguage('lo'));
  app.get('/p/*', (c) => {
    const pc = pageContext(c, { agency: 'la-secretariat', fallback: 'lo', translator });
    return page(c, pc, pc.t('login.title'), <p>{pc.number(1234.5, 1)}</p>, { brand: 'B', nav: [], logoutAction: '/out', boost: false });
  });

  it('says its language, links only the fonts of its scripts, formats numbers through Intl, switches language', async () => {
    const lao = await (await app.request('/p')).text();
    expect(lao).toContain('<html lang="lo">');
    expect(lao).toContain('/assets/fonts/lao.css');
    expect(lao).not.toContain('/assets/fonts/thai.css');
    expect(lao).not.toContain('htmx.min.js');
    const res = await app.request('/p?lang=th');
    expect(res.headers.get('set-cookie')).toContain('mou_lang=th');
    const thai = await res.text();
    expect(thai).toContain('<html lang="th">');
    expect(thai).toContain('/assets/fonts/thai.css');
    const en = await (await app.request('/p', { headers: { cookie: 'mou_lang=en' } })).text();
    expect(en).toContain('<p>1,234.5</p>');
    expect(en).not.toContain('/assets/fonts/');
  });

  it("puts request text in the page as text: `$&` in the path splices nothing in", async () => {
    // The path keeps `$` and `'` as typed (the query is re-encoded), and the language links carry it.
    const html = await (await app.request("/p/$'$&")).text();
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html.match(/<main/g)).toHaveLength(1);
    expect(html).toContain('href="/p/$&#39;$&amp;?lang=th"');
  });

  it('serves its CSS, htmx and fonts itself', async () => {
    expect((await app.request('/assets/console.css')).headers.get('content-type')).toContain('text/css');
    expect(await (await app.request('/assets/fonts/lao.css')).text()).toContain('/assets/fonts/files/noto-sans-lao-lao-400-normal.woff2');
    expect((await app.request('/assets/htmx.min.js')).status).toBe(200);
  });
});
