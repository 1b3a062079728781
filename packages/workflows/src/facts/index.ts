import type { Stats } from '@mou-hub/protocol';
import type { StepFacts } from '../types.ts';

/**
 * The facts of a message that decide its step: counts for `stats` and per-person outcomes.
 * `body` must already have passed `validateBody(type, body)`.
 * @example stepFacts('repatriation.handover.confirmation', { proposal, confirmed: true }) // { counts: { confirmed: 1 } }
 */
export function stepFacts(type: string, body: unknown): StepFacts {
  void type;
  void body;
  throw new Error('not implemented yet');
}

/** Facts rebuilt from an envelope's `stats` alone (the audit's view): counts only. */
export function factsFromStats(stats: Stats | undefined): StepFacts {
  return { counts: { ...(stats ?? {}) } };
}

/** `stats` with the step's counts merged in (the facts win); fits `StatsSchema`. */
export function mergeFactsIntoStats(stats: Stats | undefined, facts: StepFacts): Stats {
  return { ...(stats ?? {}), ...facts.counts };
}
