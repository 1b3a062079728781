import { describe, expect, it } from 'vitest';
import { CASE_REF, caseRef } from './names.ts';

describe('caseRef', () => {
  it('names a case by its opener, the year and a serial of at least four digits', () => {
    expect(caseRef('th-msdhs', 2026, 42)).toBe('TH-MSDHS-2026-0042');
    expect(caseRef('cn-mps', 2026, 12345)).toBe('CN-MPS-2026-12345');
    expect(caseRef('la-emb-beijing', 2026, 7)).toBe('LA-EMB-BEIJING-2026-0007');
  });

  it('never gives two openers of one agreement the same reference', () => {
    // Under la-cn the embassy and the Chinese police both open cases: each counts its own.
    expect(caseRef('la-emb-beijing', 2026, 1)).not.toBe(caseRef('cn-mps', 2026, 1));
    expect(caseRef('la-mps', 2026, 1)).not.toBe(caseRef('cn-mps', 2026, 1));
  });

  it('gives references the envelope accepts, and still accepts the older agreement form', () => {
    for (const ref of [caseRef('th-msdhs', 2026, 1), caseRef('la-emb-beijing', 2026, 999_999), 'LA-TH-2026-0042', 'LA-2026-0007']) expect(ref).toMatch(CASE_REF);
    for (const bad of ['th-msdhs-2026-0001', 'TH-MSDHS-26-0001', 'TH-MSDHS-2026-01', '-2026-0001']) expect(bad).not.toMatch(CASE_REF);
  });
});
