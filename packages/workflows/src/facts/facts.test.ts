import { BUSINESS_TYPES, exampleBodies, StatsSchema, validateBody } from '@mou-hub/protocol';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { factsFromStats, mergeFactsIntoStats, stepFacts } from './index.ts';

describe('stepFacts', () => {
  it.each(BUSINESS_TYPES)('%s: counts fit the envelope stats, from a valid example body', (type) => {
    expect(validateBody(type, exampleBodies[type]).ok).toBe(true);
    const facts = stepFacts(type, exampleBodies[type]);
    expect(v.safeParse(StatsSchema, facts.counts).success).toBe(true);
  });

  it.each([
    ['repatriation.handover.confirmation', { proposal: 'x', confirmed: true }, { confirmed: 1 }],
    ['repatriation.handover.confirmation', { proposal: 'x', confirmed: false }, { confirmed: 0 }],
    ['case.closed', { status: 'ClosedReferred', reason: 'r', referredTo: { name: 'n' } }, { referred: 1 }],
    ['investigation.response', { completeness: 'partial', findings: 'f', results: { rescued: 3 } }, { full: 0, located: 0, identified: 0, rescued: 3, evidence: 0 }],
    ['consular.verification.result', { personRef: 'C1', nationalityConfirmed: false, basis: 'b' }, { confirmed: 0, revision: 0 }],
    ['case.note', { text: 't' }, {}],
    ['receipt', {}, {}],
  ])('%s → %j', (type, body, counts) => {
    expect(stepFacts(type, body).counts).toEqual(counts);
  });

  it('counts an assessment per outcome and keeps each person by ref', () => {
    const body = exampleBodies['repatriation.assessment'];
    const split = { ...body, persons: [body.persons[0], { ...body.persons[1], nationalityConfirmed: null, nationalityReason: 'Village head away.' }] };
    expect(stepFacts('repatriation.assessment', split)).toEqual({
      counts: { persons: 2, confirmed: 1, 'not-confirmed': 0, pending: 1, 'family-found': 2, 'safe-to-return': 2 },
      persons: [
        { ref: 'P1', outcome: 'confirmed', safeToReturn: true },
        { ref: 'P2', outcome: 'pending', safeToReturn: true },
      ],
    });
  });

  it('marks a countersignature and carries the completion it signs', () => {
    const body = { ...exampleBodies['repatriation.handover.completed'], countersigns: '019cf0b7-1a2b-7c3d-8e4f-5a6b7c8d9e0f' };
    expect(stepFacts('repatriation.handover.completed', body)).toMatchObject({
      counts: { records: 2, countersign: 1 },
      countersigns: '019cf0b7-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
    });
  });

  it('names no person, place or date in the counts', () => {
    for (const type of BUSINESS_TYPES) {
      const text = JSON.stringify(stepFacts(type, exampleBodies[type]).counts);
      expect(text).not.toMatch(/P1|C1|20\d\d|Vientiane|Nong/);
    }
  });
});

describe('mergeFactsIntoStats', () => {
  it('lets the facts win and keeps within 16 keys', () => {
    const mine = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k-${String.fromCharCode(97 + i)}`, i]));
    const merged = mergeFactsIntoStats({ ...mine, confirmed: 9 }, { counts: { confirmed: 1, records: 2 } });
    expect(merged).toMatchObject({ confirmed: 1, records: 2, 'k-a': 0 });
    expect(Object.keys(merged)).toHaveLength(16);
    expect(v.safeParse(StatsSchema, merged).success).toBe(true);
  });

  it('round-trips through factsFromStats', () => {
    expect(factsFromStats(mergeFactsIntoStats(undefined, { counts: { full: 1 } }))).toEqual({ counts: { full: 1 } });
    expect(factsFromStats(undefined)).toEqual({ counts: {} });
  });
});

describe('stepFacts on a body that skipped validation', () => {
  it.each([null, 'x', {}, { persons: 'P1' }])('gives no facts for %j instead of throwing', (body) => {
    expect(stepFacts('repatriation.assessment', body)).toEqual({ counts: {} });
  });
});
