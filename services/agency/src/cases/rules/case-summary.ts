/**
 * Who a case is about, in a line: the main person's name, how many persons, whether one is a
 * minor. Pure; the case list and the case header show it to the roles that may read cases.
 */
import { isChild } from '@mou-hub/protocol';
import type { CasePersonRecord } from './case-persons.ts';

/** The line a list or header shows about a case's persons. */
export interface CaseSummary {
  /** The first person's name as the opener wrote it (given and family name), or undefined. */
  name?: string | undefined;
  /** Persons the case names. */
  persons: number;
  /** At least one person is under 18 on `today`, or was when trafficked. */
  minor: boolean;
}

interface PersonFacts {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  ageWhenTrafficked?: number;
}

/** The HTCDS person block of a record: a returnee's `person`, or an investigation subject's. */
function personOf(record: CasePersonRecord['record']): PersonFacts | undefined {
  const p = (record['person'] ?? (record['subject'] as { person?: unknown } | undefined)?.person) as PersonFacts | undefined;
  return p && typeof p === 'object' ? p : undefined;
}

/**
 * @example caseSummary([{ ref: 'P1', record: { person: { givenName: 'Noy', dateOfBirth: '2010-01-01' } } }], '2026-03-01')
 *   // { name: 'Noy', persons: 1, minor: true }
 */
export function caseSummary(records: readonly CasePersonRecord[], today: string): CaseSummary {
  const people = records.map((r) => personOf(r.record)).filter((p): p is PersonFacts => p !== undefined);
  const first = people[0];
  const name = first ? [first.givenName, first.familyName].filter(Boolean).join(' ') || undefined : undefined;
  const minor = people.some((p) =>
    isChild({ ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}), ...(p.ageWhenTrafficked !== undefined ? { ageWhenTrafficked: p.ageWhenTrafficked } : {}) }, today),
  );
  return { name, persons: records.length, minor };
}
