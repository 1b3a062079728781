/**
 * The counts a host's `repatriation.handover.completed` carries in its cleartext `stats` for
 * the audit's returns table: persons handed over by HTCDS gender, and minors per gender. Only
 * counts leave: never a name, a date of birth or a place.
 */
import { isChild, type Person } from '@mou-hub/protocol';
import type { CasePersonRecord } from './case-persons.ts';

/** The `stats` key of each HTCDS gender, as `packages/protocol/README.md` lists them. */
export const GENDER_STATS_KEYS: Readonly<Record<Person['gender'], string>> = {
  Feminine: 'female',
  Masculine: 'male',
  TransgenderFeminine: 'transgender-feminine',
  TransgenderMasculine: 'transgender-masculine',
  NonConforming: 'non-conforming',
  NonSpecifiedUnknown: 'gender-unknown',
};

/**
 * Counts of the persons `refs` (a completion's records) by gender, each with its
 * `<gender>-minors` (0 included, so the audit can split every gender). Minor is HTCDS's
 * `isChild` on `on` (the completion's day, `YYYY-MM-DD`). A ref the case does not know is left
 * out: the audit counts it as `gender-unknown` from `records`.
 * @example returnCounts(persons, ['P1', 'P2'], '2026-11-29') // { female: 2, 'female-minors': 1 }
 */
export function returnCounts(persons: readonly CasePersonRecord[], refs: readonly string[], on: string): Record<string, number> {
  const byRef = new Map(persons.map((p) => [p.ref, p.record['person'] as Person | undefined]));
  const out: Record<string, number> = {};
  for (const ref of new Set(refs)) {
    const person = byRef.get(ref);
    if (!person) continue;
    const key = GENDER_STATS_KEYS[person.gender] ?? 'gender-unknown';
    out[key] = (out[key] ?? 0) + 1;
    out[`${key}-minors`] = (out[`${key}-minors`] ?? 0) + (isChild(person, on) ? 1 : 0);
  }
  return out;
}
