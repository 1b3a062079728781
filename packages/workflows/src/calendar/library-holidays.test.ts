import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Holidays from 'date-holidays';
import { data } from 'date-holidays/data';
import { LIBRARY_COUNTRIES, libraryYear, pickHolidayData } from './library-holidays.ts';

const fileData = () => JSON.parse(readFileSync(new URL('./library-holidays.json', import.meta.url), 'utf8')) as unknown;

describe("the hub's pick of date-holidays' rules", () => {
  // First in the file: the library's Holidays (below) rewrites its own data as it reads it.
  it('equals what the installed date-holidays holds for TH, VN and CN (else: pnpm -C packages/workflows holidays)', () => {
    expect(fileData()).toEqual(JSON.parse(JSON.stringify(pickHolidayData(data, LIBRARY_COUNTRIES))));
  });

  it('keeps only the three countries and the shared names their rules refer to', () => {
    const picked = fileData() as { holidays: Record<string, unknown>; names: Record<string, unknown>; license: string };
    expect(Object.keys(picked.holidays).sort()).toEqual(['CN', 'TH', 'VN']);
    expect(Object.keys(picked.names).sort()).toEqual(expect.arrayContaining(['01-01', '05-01']));
    expect(Object.keys(picked.names).length).toBeLessThan(Object.keys(data.names).length);
    expect(picked.license).toBe('CC-BY-SA-3');
  });

  it('gives the same days, names and types as the whole library, 2020-2040, every country', () => {
    for (const country of LIBRARY_COUNTRIES) {
      for (let year = 2020; year <= 2040; year++) {
        const whole = (new Holidays(country).getHolidays(year) || []).map((h) => [h.date, h.name, h.type]);
        expect(libraryYear(country, year).map((h) => [h.date, h.name, h.type]), `${country} ${year}`).toEqual(whole);
      }
    }
  });

  it('answers the same twice (the parser rewrites the rules it reads, the same way each time)', () => {
    expect(libraryYear('CN', 2027)).toEqual(libraryYear('CN', 2027));
    expect(libraryYear('TH', 2026).some((h) => h.type === 'public')).toBe(true);
  });
});
