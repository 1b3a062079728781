import { describe, expect, it } from 'vitest';
import { calendarFor, runningTime } from '@mou-hub/workflows';
import { ageBandOf, returnsExport, suppressSmallCells } from './k-anonymity.ts';
import { returnCells } from './returns-live.ts';
import { createdSkew } from './skew.ts';
import { quantile } from './stats.ts';
import { cellFigures, turnaroundRows } from './turnaround.ts';

describe('quantile (nearest rank)', () => {
  it.each([
    [[], 0.5, undefined],
    [[5], 0.9, 5],
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.9, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
  ])('%j at %d is %s', (values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });
});

describe('createdSkew', () => {
  const stream = new Date('2026-03-01T09:00:00.000Z');
  it.each([
    ['2026-03-01T09:00:00.500Z', 500, false],
    ['2026-03-01T08:50:00.000Z', -600_000, false],
    ['2026-03-01T08:00:00.000Z', -3_600_000, true],
    ['2026-02-20T09:00:00.000Z', -9 * 86_400_000, true],
  ])('%s', (created, skewMs, flagged) => {
    expect(createdSkew(created, stream, 900_000)).toEqual({ skewMs, flagged });
  });
});

// The audit's business time is the workflows' clock arithmetic (runningTime), as the deadlines'.
describe('business time (runningTime of the workflows)', () => {
  const cal = calendarFor('XX'); // no data: weekends only, UTC
  it.each([
    ['within a Monday', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', 4],
    ['Friday noon to Monday noon skips the weekend', '2026-03-06T12:00:00Z', '2026-03-09T12:00:00Z', 24],
    ['a whole weekend', '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z', 0],
  ])('%s', (_name, from, to, hours) => {
    expect(runningTime(cal, 'business-days', from, to)).toBe(hours * 3_600_000);
  });

  it('counts local days: UTC+7 moves Friday 20:00 UTC into Saturday, and Lao holidays are off', () => {
    const la = calendarFor('LA');
    expect(runningTime(la, 'business-days', '2026-12-01T17:00:00Z', '2026-12-02T17:00:00Z')).toBe(0); // 2 December, National Day
    expect(runningTime(la, 'business-days', '2026-03-06T16:00:00Z', '2026-03-06T20:00:00Z')).toBe(1 * 3_600_000);
  });
});

describe('returnCells (persons returned from stats alone)', () => {
  it.each([
    ['one gender with minors', { persons: 2, female: 2, minors: 1 }, [{ gender: 'Feminine', minor: 1, count: 1 }, { gender: 'Feminine', minor: 0, count: 1 }]],
    ['cross counts', { female: 3, male: 1, 'female-minors': 2, 'male-minors': 0 }, [{ gender: 'Feminine', minor: 1, count: 2 }, { gender: 'Feminine', minor: 0, count: 1 }, { gender: 'Masculine', minor: 0, count: 1 }]],
    ['two genders, minors unknown by gender', { female: 1, male: 1, minors: 1 }, [{ gender: 'Feminine', minor: null, count: 1 }, { gender: 'Masculine', minor: null, count: 1 }]],
    ['only records', { records: 2, countersign: 0 }, [{ gender: 'NonSpecifiedUnknown', minor: null, count: 2 }]],
    ['nothing', {}, []],
  ])('%s', (_name, stats, cells) => {
    expect(returnCells(stats)).toEqual(cells);
  });
});

describe('k-anonymity', () => {
  it('suppresses cells under k and keeps the rest', () => {
    expect(suppressSmallCells([{ y: 1, count: 10 }, { y: 2, count: 11 }], 11)).toEqual([
      { y: 1, count: null, suppressed: true },
      { y: 2, count: 11, suppressed: false },
    ]);
  });
  it('exports returns as bands, merged, with small cells suppressed', () => {
    const row = { year: 2016, agreement: 'la-th', gender: 'Feminine' };
    expect(returnsExport([
      { ...row, minor: true, ageBand: null, count: 6 },
      { ...row, minor: true, ageBand: '0-17', count: 6 },
      { ...row, minor: false, ageBand: null, count: 3 },
    ], 11)).toEqual([
      { ...row, ageBand: '0-17', count: 12, suppressed: false },
      { ...row, ageBand: '18+', count: null, suppressed: true },
    ]);
  });

  it.each([
    [null, 1, '0-17'],
    [null, 0, '18+'],
    [null, null, 'unknown'],
    ['21-23', 0, '21-23'],
  ])('age band of %s/%s is %s', (band, minor, expected) => {
    expect(ageBandOf(band, minor)).toBe(expected);
  });
});

describe('cellFigures and turnaroundRows', () => {
  it('keeps median, p90 and max, and gives the share within deadline', () => {
    const figures = cellFigures([1, 2, 3, 40], [1, 1, 2, 30]);
    expect(figures).toEqual({ median_ms: 2, p90_ms: 40, max_ms: 40, median_business_ms: 1, p90_business_ms: 30 });
    const [row] = turnaroundRows([{ agreement: 'la-th', starts_type: 'repatriation.request', step: 'decide-repatriation', month: '2026-03', count: 4, within_count: 3, ...figures }]);
    expect(row).toEqual({
      agreement: 'la-th', type: 'repatriation.request', step: 'decide-repatriation', month: '2026-03', count: 4,
      medianMs: 2, p90Ms: 40, maxMs: 40, medianBusinessMs: 1, p90BusinessMs: 30, withinDeadline: 0.75,
    });
  });
});
