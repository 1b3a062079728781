/** What this agency knows of a thread: the business types sent or received in it. */
export interface ThreadFacts {
  exists: boolean;
  types: ReadonlySet<string>;
}

/** The message whose place in its thread is checked. */
export interface ThreadStep {
  id: string;
  thid: string;
  type: string;
}

/** Types that may open a thread (their `thid` equals their `id`). */
export const THREAD_OPENERS: ReadonlySet<string> = new Set([
  'repatriation.request',
  'investigation.request',
  'consular.verification.request',
  // The Chinese police's notice of a Lao woman they hold: a thread, not a case; the embassy
  // opens an intake from it (issue 16).
  'consular.notification',
  'case.note',
]);

/**
 * The transport's part of check 14 (`invalid-state`), the same on both sides: what may open a
 * thread, a reply only in a known thread, only notes after a close. The order of a case's steps
 * is its workflow's (`@mou-hub/workflows`, through `case-step.ts`); these rules are what is left
 * for a thread a `case.note` opened. Returns why the step does not fit, or undefined.
 * @example checkThreadStep({ exists: false, types: new Set() }, { id: 'a', thid: 'a', type: 'case.note' }) // undefined
 */
export function checkThreadStep(thread: ThreadFacts, step: ThreadStep): { detail: string } | undefined {
  if (step.type === 'receipt' || step.type === 'problem') return undefined;
  if (step.thid === step.id) {
    if (!THREAD_OPENERS.has(step.type)) return { detail: `a ${step.type} cannot open a thread; it answers an existing one` };
    return undefined;
  }
  if (!thread.exists) return { detail: `thread ${step.thid} is not known here` };
  if (thread.types.has('case.closed') && step.type !== 'case.note') {
    return { detail: `thread ${step.thid} is closed; only case notes may follow` };
  }
  return undefined;
}
