import { describe, expect, it } from 'vitest';
import { calendarAt, calendarFor, countryOfAgency, placeOf } from './calendar.ts';
import { addBusinessDays, addPeriod, runningTime } from './clock.ts';
import { BUNDLED_HOLIDAY_FILES, LAO_HOLIDAY_FILES, parseHolidayFile } from './holiday-files.ts';

/** 10:00 local time in Bangkok and Vientiane (UTC+7). */
const ten = (date: string) => `${date}T03:00:00.000Z`;

describe('calendars', () => {
  it.each([
    ['TH', '2026-04-13', false, 'Songkran'],
    ['TH', '2026-04-16', true, 'the day after Songkran'],
    ['LA', '2026-04-16', false, 'Pi Mai (third day)'],
    ['LA', '2026-04-13', true, 'the day before Pi Mai'],
    ['LA', '2026-07-20', false, "Lao Women's Union Day"],
    ['TH', '2026-07-20', true, 'an ordinary Monday in Thailand'],
    ['LA', '2026-03-09', false, "Women's Day substitution for a Sunday"],
    ['VN', '2026-09-02', false, 'National Day'],
    ['CN', '2026-10-01', false, 'National Day'],
    ['LA', '2026-04-18', false, 'a Saturday'],
    ['LA', '2026-04-17', true, 'a Friday'],
  ])('%s %s is a business day: %s (%s)', (country, date, open) => {
    expect(calendarFor(country).isBusinessDay(date)).toBe(open);
  });

  it('names holidays and knows which years it has data for', () => {
    expect(calendarFor('LA').holidayName('2026-12-02')).toBe('National Day');
    expect(calendarFor('LA').knowsYear(2026)).toBe(true);
    expect(calendarFor('LA').knowsYear(2031)).toBe(false);
    expect(calendarFor('LA').isBusinessDay('2031-12-02')).toBe(true);
    expect(calendarFor('TH').knowsYear(2031)).toBe(true);
  });

  it('takes an administrator file: extra days off, and working days that win', () => {
    const file = parseHolidayFile({
      country: 'LA',
      year: 2031,
      source: 'PM Office notice (test)',
      holidays: [{ date: '2031-12-02', name: 'National Day' }],
      workdays: [{ date: '2031-12-06', name: 'make-up day' }],
    });
    if (!file.ok) throw new Error(JSON.stringify(file.issues));
    const la = calendarFor('LA', [file.file]);
    expect(la.isBusinessDay('2031-12-02')).toBe(false);
    expect(la.isBusinessDay('2031-12-06')).toBe(true);
    expect(la.knowsYear(2031)).toBe(true);
  });

  it.each([
    ['a date outside the year', { holidays: [{ date: '2027-01-01', name: 'x' }] }, ''],
    ['no source', { source: '' }, 'source'],
    ['a bad date', { holidays: [{ date: '2031-02-30', name: 'x' }] }, 'holidays.0.date'],
    ['a lower-case country', { country: 'la' }, 'country'],
  ])('refuses a holiday file with %s', (_, change, path) => {
    const r = parseHolidayFile({ country: 'LA', year: 2031, source: 's', holidays: [], ...change });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain(path);
  });

  it('ships 2025-2027 for Laos with the source named and lunar days marked', () => {
    expect(LAO_HOLIDAY_FILES.map((f) => f.year)).toEqual([2025, 2026, 2027]);
    for (const f of LAO_HOLIDAY_FILES) {
      expect(f.source).toMatch(/Prime Minister's Office/);
      expect(f.holidays.filter((h) => h.lunar).length).toBeGreaterThanOrEqual(2);
      for (const fixed of ['01-01', '03-08', '04-14', '04-15', '04-16', '05-01', '07-20', '12-02']) {
        expect(f.holidays.map((h) => h.date)).toContain(`${f.year}-${fixed}`);
      }
    }
  });

  it('maps an agency to its country', () => {
    expect(countryOfAgency('th-msdhs')).toBe('TH');
    expect(countryOfAgency('la-emb-beijing')).toBe('LA');
  });
});

describe('business-day arithmetic', () => {
  it.each([
    ['TH', ten('2026-04-10'), 1, ten('2026-04-16'), 'Friday + 1 over a weekend and Songkran'],
    ['LA', ten('2026-04-10'), 1, ten('2026-04-13'), 'Friday + 1: Monday, before Pi Mai'],
    ['LA', ten('2026-04-13'), 1, ten('2026-04-17'), 'Monday + 1 over Pi Mai'],
    ['LA', ten('2026-04-13'), 2, ten('2026-04-20'), 'Monday + 2 over Pi Mai and a weekend'],
    ['TH', ten('2026-04-13'), 1, '2026-04-16T17:00:00.000Z', 'from a holiday: counts from the next business day'],
    ['LA', ten('2026-07-17'), 1, ten('2026-07-21'), "Friday + 1 over Lao Women's Union Day"],
    ['TH', ten('2026-07-17'), 1, ten('2026-07-20'), 'the same in Thailand: Monday'],
    // The State Council's notice (cn-2026.json): 1-7 October off, Saturday 10 October a working day.
    ['CN', '2026-09-30T02:00:00.000Z', 1, '2026-10-08T02:00:00.000Z', 'China, UTC+8, over National Day'],
    ['CN', '2026-10-09T02:00:00.000Z', 1, '2026-10-10T02:00:00.000Z', 'China: Saturday 10 October is a make-up working day'],
    ['CN', '2026-02-13T02:00:00.000Z', 2, '2026-02-24T02:00:00.000Z', 'China: Saturday 14 February works, then Spring Festival 15-23'],
  ])('%s %s + %i = %s (%s)', (country, from, n, due) => {
    expect(addBusinessDays(calendarFor(country), from, n)).toBe(due);
  });

  it('adds hours and calendar days on the wall clock', () => {
    const th = calendarFor('TH');
    expect(addPeriod(th, ten('2026-04-12'), 8, 'hours')).toBe('2026-04-12T11:00:00.000Z');
    expect(addPeriod(th, ten('2026-04-10'), 7, 'days')).toBe(ten('2026-04-17'));
  });
});

describe('runningTime', () => {
  const H = 3_600_000;
  it.each([
    ['LA', 'business-days', ten('2026-04-10'), ten('2026-04-17'), 14 * H + 24 * H + 10 * H, 'Fri 10:00 to Fri 10:00 over Pi Mai: Fri 14 h, Mon 24 h, Fri 10 h'],
    ['TH', 'business-days', ten('2026-04-10'), ten('2026-04-17'), 14 * H + 24 * H + 10 * H, 'the same week in Thailand: Fri, Thu, Fri (Songkran Mon-Wed)'],
    ['TH', 'days', ten('2026-04-10'), ten('2026-04-17'), 7 * 24 * H, 'wall time'],
    ['LA', 'hours', ten('2026-04-17'), ten('2026-04-10'), 0, 'backwards'],
  ] as const)('%s %s %s → %s = %i (%s)', (country, unit, from, to, ms, _why) => {
    expect(runningTime(calendarFor(country), unit, from, to)).toBe(ms);
  });

  it('leaves out pauses, an open one up to the end', () => {
    const la = calendarFor('LA');
    expect(runningTime(la, 'hours', ten('2026-04-10'), ten('2026-04-11'), [{ from: ten('2026-04-10'), to: '2026-04-10T09:00:00.000Z' }])).toBe(18 * H);
    expect(runningTime(la, 'hours', ten('2026-04-10'), ten('2026-04-11'), [{ from: '2026-04-10T09:00:00.000Z' }])).toBe(6 * H);
  });

  it('agrees with addPeriod: the due instant is exactly one period of running time away', () => {
    for (const country of ['LA', 'TH', 'VN', 'CN']) {
      const cal = calendarFor(country);
      for (const from of [ten('2026-04-10'), ten('2026-04-13'), ten('2026-09-30'), ten('2026-12-31')]) {
        const due = addPeriod(cal, from, 3, 'business-days');
        expect(runningTime(cal, 'business-days', from, due), `${country} ${from}`).toBe(3 * 24 * H);
      }
    }
  });
});

describe('calendars by where an agency works (issue 16)', () => {
  const embassy = { id: 'la-emb-beijing', calendar: 'CN', timezone: 'Asia/Shanghai' };
  it.each([
    ['the embassy in Beijing works on Chinese business days', embassy, '2026-10-05', false],
    ['…and on China\'s make-up working days', embassy, '2026-09-20', true],
    ['…and on Lao public holidays (Lao National Day, 2 December)', embassy, '2026-12-02', true],
    ['a Lao ministry keeps Lao National Day', 'la-mlsw', '2026-12-02', false],
    ['a Lao ministry works on 5 October', 'la-mlsw', '2026-10-05', true],
    ['Children\'s Day does not close Chinese offices', 'cn-mps', '2026-06-01', true],
  ] as const)('%s', (_, place, date, open) => {
    expect(calendarAt(place, []).isBusinessDay(date)).toBe(open);
  });

  it('counts the embassy in Beijing time, a Lao ministry in Vientiane time', () => {
    expect(calendarAt(embassy).utcOffsetMinutes).toBe(480);
    expect(calendarAt('la-mlsw').utcOffsetMinutes).toBe(420);
    expect(calendarAt({ id: 'la-mlsw', calendar: 'LA', timezone: 'Mars/Olympus' }).utcOffsetMinutes).toBe(420);
    expect(placeOf('la-emb-beijing', { calendar: 'CN', timezone: 'Asia/Shanghai' })).toEqual(embassy);
    expect(placeOf('xx-unknown')).toBe('xx-unknown');
  });

  it('ships every bundled holiday file valid, each with its source', () => {
    expect(BUNDLED_HOLIDAY_FILES.map((f) => `${f.country}-${f.year}`)).toEqual(['LA-2025', 'LA-2026', 'LA-2027', 'CN-2026', 'VN-2026', 'TH-2026']);
    for (const f of BUNDLED_HOLIDAY_FILES) expect(f.source.length).toBeGreaterThan(40);
  });
});
