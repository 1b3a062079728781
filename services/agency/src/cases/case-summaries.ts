/** The persons line and urgency of listed cases: the case list and the case header read them. */
import type { Kysely } from 'kysely';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { CasePersonRecord } from './rules/case-persons.ts';
import { caseSummary, type CaseSummary } from './rules/case-summary.ts';
import { casePersons, type CaseRow } from './case-store.ts';

/** A case's persons line, and whether its opener asked for an urgent answer. */
export type CaseLine = CaseSummary & { urgent: boolean };

/**
 * Opens each case's sealed persons and reads its opener's `urgent` count (sent or received),
 * for a list of cases. The caller records the read in the access log (names are personal data).
 * @example const lines = await caseLines(deps.db, deps.atRest, rows, new Date()); lines.get(id)?.minor;
 */
export async function caseLines(db: Kysely<AgencyDatabase>, atRest: AtRest, rows: readonly CaseRow[], now: Date): Promise<Map<string, CaseLine>> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return new Map();
  const openers = [
    ...(await db.selectFrom('outbox').select(['id', 'stats']).where('id', 'in', ids).execute()),
    ...(await db.selectFrom('inbox').select(['id', 'stats']).where('id', 'in', ids).execute()),
  ];
  const urgent = new Set(openers.filter((o) => o.stats && (JSON.parse(o.stats) as Record<string, number>)['urgent']).map((o) => o.id));
  const today = now.toISOString().slice(0, 10);
  return new Map(
    rows.map((r) => {
      const records = casePersons(r, atRest);
      return [r.id, { ...caseSummary(records, today), urgent: urgent.has(r.id) }];
    }),
  );
}
