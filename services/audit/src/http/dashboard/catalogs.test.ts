import { catalogEntries, catalogProblems, LANGS } from '@mou-hub/web-kit';
import { describe, expect, it } from 'vitest';
import { CATALOGS, translator } from './i18n.ts';
import { COLUMNS } from './parts.tsx';

describe('the dashboard catalogs', () => {
  it('are complete: every key in every language, no empty label, the same parameters', () => {
    expect(catalogProblems(CATALOGS)).toEqual([]);
  });

  it('label every column the dashboard shows, and every sex of the returns table', () => {
    const keys = new Set(catalogEntries(CATALOGS.en).map(([k]) => k));
    const wanted = [...Object.keys(COLUMNS).map((c) => `dashboard.col.${c}`), ...['Feminine', 'Masculine', 'NonSpecifiedUnknown'].map((g) => `dashboard.gender.${g}`)];
    expect(wanted.filter((k) => !keys.has(k))).toEqual([]);
  });

  it.each(LANGS)('%s has the frame and login labels of the kit', (lang) => {
    expect(translator(lang)('login.title')).not.toBe('login.title');
    expect(translator(lang)('dashboard.section.turnaround')).not.toBe('dashboard.section.turnaround');
  });
});
