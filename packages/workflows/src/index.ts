/**
 * `@mou-hub/workflows`: cases as pure state machines both sides (and the audit) run alike, the
 * non-identifying facts that decide each step, business-day calendars and deadlines. No I/O.
 */
export * from './types.ts';
export { CASE_OPENERS, caseKindOf } from './kinds.ts';
export { countsReturns, stepFacts, factsFromStats, mergeFactsIntoStats } from './facts/index.ts';
export { startCase, advanceCase, allowedActions, replayCase, caseActions, consularPartyTypes } from './machines/index.ts';
export type { ActionSpec } from './machines/index.ts';
export * from './calendar/index.ts';
export * from './deadlines/index.ts';
export * from './translation/index.ts';
