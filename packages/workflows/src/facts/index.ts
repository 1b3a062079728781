/** Step facts: what decides a step, from a body (a party) or from `stats` (the audit). */
import { isBusinessType, type Stats } from '@mou-hub/protocol';
import type { StepFacts } from '../types.ts';
import { FACTS } from './step-facts.ts';

/** Most keys an envelope's `stats` may hold (`StatsSchema`). */
const MAX_STATS = 16;

/**
 * The facts of a message that decide its step: counts the sender also puts in the envelope's
 * `stats` (via `mergeFactsIntoStats`), plus per-person outcomes by `personRef` and the
 * countersigned completion's id from the body. `body` must already have passed
 * `validateBody(type, body)`; a receipt, a problem, an unknown type or a malformed body has
 * no facts. Never throws.
 * @example stepFacts('repatriation.handover.confirmation', { proposal, confirmed: true })
 *   // { counts: { confirmed: 1 } }
 */
export function stepFacts(type: string, body: unknown): StepFacts {
  if (!isBusinessType(type)) return { counts: {} };
  try {
    return (FACTS[type] as (b: unknown) => StepFacts)(body);
  } catch {
    // A body that skipped validation: no facts, so the machine refuses it `missing-fact`.
    return { counts: {} };
  }
}

/**
 * Facts rebuilt from an envelope's `stats` alone (the audit's view): counts, no persons. The
 * case-level state a machine reaches from these equals the one the parties reach from bodies.
 * @example advanceCase(state, { type, side, facts: factsFromStats(envelope.stats) })
 */
export function factsFromStats(stats: Stats | undefined): StepFacts {
  return { counts: { ...(stats ?? {}) } };
}

/**
 * The sender's `stats` with the step's counts merged in. The facts win a clash, and are kept
 * first when the total would pass 16 keys (the sender's other counts are dropped in key order).
 * @example mergeFactsIntoStats({ female: 2 }, stepFacts(type, body)) // { persons: 2, …, female: 2 }
 */
export function mergeFactsIntoStats(stats: Stats | undefined, facts: StepFacts): Stats {
  const out: Record<string, number> = { ...facts.counts };
  const rest = Object.keys(stats ?? {})
    .filter((k) => !(k in out))
    .sort();
  for (const key of rest) {
    if (Object.keys(out).length >= MAX_STATS) break;
    out[key] = (stats as Stats)[key] as number;
  }
  return out;
}

/**
 * Whether a step is the one whose persons count as returned: the host's handover completion.
 * The home side's countersign carries the same records but counts nothing, so a return is
 * counted once. Read from the step's counts (the body's facts, or the envelope's `stats`).
 * @example countsReturns('repatriation.handover.completed', { records: 2, countersign: 0 }); // true
 */
export function countsReturns(type: string, counts: Readonly<Record<string, number>> | undefined): boolean {
  return type === 'repatriation.handover.completed' && (counts?.['countersign'] ?? 0) === 0;
}
