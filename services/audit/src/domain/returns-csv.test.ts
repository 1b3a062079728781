import { describe, expect, it } from 'vitest';
import { parseReturnsCsv } from './returns-csv.ts';

const ctx = { agreements: new Set(['la-th', 'la-vn']), maxYear: 2026 };
const HEADER = 'year,agreement,gender,minor';

describe('parseReturnsCsv', () => {
  it('takes one row per person, with empty minor as unknown, extra columns dropped and a BOM', () => {
    const r = parseReturnsCsv(`\uFEFF${HEADER},ageBand,name\n2001,la-th,Feminine,,,Somebody\n2002,la-th,Masculine,true,9-17,x\n`, ctx);
    expect(r).toEqual({
      ok: true,
      rows: [
        { year: 2001, agreement: 'la-th', gender: 'Feminine', minor: null, age_band: null },
        { year: 2002, agreement: 'la-th', gender: 'Masculine', minor: 1, age_band: '9-17' },
      ],
    });
    expect(JSON.stringify(r)).not.toContain('Somebody');
  });

  it.each([
    ['a bad year', '20x1,la-th,Feminine,false', 'bad-year'],
    ['a year in the future', '2027,la-th,Feminine,false', 'bad-year'],
    ['an unknown agreement', '2001,la-xx,Feminine,false', 'unknown-agreement'],
    ['a gender outside HTCDS', '2001,la-th,female,false', 'bad-gender'],
    ['a minor that is not true/false/empty', '2001,la-th,Feminine,yes', 'bad-minor'],
  ])('refuses %s, naming its line and not its value', (_name, bad, code) => {
    const r = parseReturnsCsv(`${HEADER}\n2001,la-th,Feminine,false\n${bad}\n2003,la-th,Masculine,false\n`, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([expect.objectContaining({ line: 3, code })]);
  });

  it('refuses a file without a required column, or with a broken row', () => {
    expect(parseReturnsCsv('year,agreement,gender\n2001,la-th,Feminine\n', ctx)).toEqual({ ok: false, issues: [{ line: 1, code: 'missing-column', params: { column: 'minor' } }] });
    const broken = parseReturnsCsv(`${HEADER}\n2001,la-th,Feminine,false\n2001,la-th\n`, ctx);
    expect(!broken.ok && broken.issues[0]).toMatchObject({ line: 3, code: 'unparsable' });
    expect(parseReturnsCsv('', ctx)).toEqual({ ok: false, issues: [{ line: 1, code: 'empty', params: {} }] });
  });
});
