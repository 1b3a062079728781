import { describe, expect, it } from 'vitest';
import { CASE_REF, caseRef } from './names.ts';

describe('caseRef', () => {
  it('names a case by its agreement countries, the year and a serial of at least four digits', () => {
    expect(caseRef('la-th', 2026, 42)).toBe('LA-TH-2026-0042');
    expect(caseRef('la-cn', 2026, 12345)).toBe('LA-CN-2026-12345');
  });

  it('leaves an agreement word that is no country out (no English word on a Lao page)', () => {
    expect(caseRef('la-national', 2026, 7)).toBe('LA-2026-0007');
  });

  it('gives references the envelope accepts', () => {
    for (const ref of [caseRef('la-th', 2026, 1), caseRef('la-national', 2026, 1)]) expect(ref).toMatch(CASE_REF);
  });
});
