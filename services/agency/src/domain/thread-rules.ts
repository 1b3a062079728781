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
  'case.note',
]);

/** A step needs one of these already in the thread. */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  'repatriation.assessment': ['repatriation.request'],
  'repatriation.travel-document': ['repatriation.request', 'consular.verification.request'],
  'repatriation.handover.proposal': ['repatriation.request'],
  'repatriation.handover.confirmation': ['repatriation.handover.proposal'],
  'repatriation.handover.completed': ['repatriation.handover.confirmation'],
  'repatriation.reintegration.update': ['repatriation.handover.completed'],
  'investigation.acknowledgement': ['investigation.request'],
  'investigation.extension': ['investigation.request'],
  'investigation.response': ['investigation.request'],
  'consular.verification.result': ['consular.verification.request'],
};

/**
 * Check 14 of PROTOCOL.md (`invalid-state`), the same on both sides: the sender refuses to
 * queue what the recipient would refuse. Returns why the step does not fit, or undefined.
 * These are the transport-level rules; the case workflows add their own on top.
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
  const needs = NEEDS[step.type];
  if (needs && !needs.some((t) => thread.types.has(t))) {
    return { detail: `a ${step.type} needs a ${needs.join(' or ')} earlier in the thread` };
  }
  return undefined;
}
