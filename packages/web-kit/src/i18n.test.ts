import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { REMEMBERED_KEYS, rememberingPlainKeys, SHARED_CATALOGS, translators } from './i18n.ts';

/** A translate function that counts the calls reaching it. */
function counting(): { t: TFunction; calls: () => number } {
  let n = 0;
  const t = ((key: string, opts?: { count?: number; name?: string }) => {
    n++;
    return opts?.count !== undefined ? `${key}:${opts.count}` : opts?.name ? `${key}:${opts.name}` : `${key}!`;
  }) as unknown as TFunction;
  return { t, calls: () => n };
}

describe('translators', () => {
  it('answers what i18next answers, for plain keys, plurals and parameters, in each language', async () => {
    const i18next = (await import('i18next')).default.createInstance();
    await i18next.init({ resources: Object.fromEntries(Object.entries(SHARED_CATALOGS).map(([l, c]) => [l, { translation: c }])), load: 'currentOnly', fallbackLng: 'en', interpolation: { escapeValue: false } });
    const translator = translators(SHARED_CATALOGS);
    for (const lang of ['lo', 'th', 'vi', 'zh-Hans', 'en'] as const) {
      const t = translator(lang);
      expect(translator(lang)).toBe(t); // one function per language
      const plain = i18next.getFixedT(lang);
      for (const key of ['login.title', 'login.title', 'nav.logout', 'no.such.key']) expect(t(key)).toBe(plain(key));
      expect(t('app.signedInAs', { user: 'Somchai' })).toBe(plain('app.signedInAs', { user: 'Somchai' }));
      expect(t('app.signedInAs', { user: 'Bounmy' })).toContain('Bounmy');
      expect(t('login.title')).not.toBe('login.title');
    }
  });

  it('resolves a plain key once, and a call with options every time', () => {
    const { t: base, calls } = counting();
    const t = rememberingPlainKeys(base);
    expect([t('a'), t('a'), t('a')]).toEqual(['a!', 'a!', 'a!']);
    expect(calls()).toBe(1);
    expect([t('a', { count: 1 }), t('a', { count: 2 }), t('a', { name: 'x' })]).toEqual(['a:1', 'a:2', 'a:x']);
    expect(calls()).toBe(4);
  });

  it('keeps at most REMEMBERED_KEYS keys: keys past them are resolved each time, still right', () => {
    const { t: base, calls } = counting();
    const t = rememberingPlainKeys(base);
    for (let i = 0; i < REMEMBERED_KEYS; i++) t(`k${i}`);
    expect(calls()).toBe(REMEMBERED_KEYS);
    expect([t('extra'), t('extra')]).toEqual(['extra!', 'extra!']);
    expect(calls()).toBe(REMEMBERED_KEYS + 2);
    t('k0');
    expect(calls()).toBe(REMEMBERED_KEYS + 2);
  });
});
