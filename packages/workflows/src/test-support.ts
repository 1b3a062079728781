/** Steps for the machine tests: from example bodies (a party's view) or bare counts (the audit's). */
import { exampleBodies, type BusinessType } from '@mou-hub/protocol';
import { stepFacts } from './facts/index.ts';
import { replayCase } from './machines/index.ts';
import type { CaseKind, CaseState, CaseStep, Side } from './types.ts';

/** A step whose facts come from `body` (the type's example body when omitted). */
export function bodyStep(type: BusinessType, side: Side, body: unknown = exampleBodies[type], id?: string): CaseStep {
  return { type, side, facts: stepFacts(type, body), ...(id === undefined ? {} : { id }) };
}

/** A step with counts only, as the audit sees it. */
export function countStep(type: string, side: Side, counts: Record<string, number> = {}): CaseStep {
  return { type, side, facts: { counts } };
}

const I: Side = 'initiator';
const R: Side = 'responder';

/** Counts that make each action's rule fit (stats-only facts). */
export const ACTION_COUNTS: Readonly<Record<string, Record<string, number>>> = {
  assess: { persons: 2, confirmed: 1, 'not-confirmed': 1, pending: 0 },
  'confirm-handover': { confirmed: 1 },
  'counter-propose-handover': { confirmed: 0 },
  'complete-handover': { records: 1, countersign: 0 },
  'countersign-handover': { records: 1, countersign: 1 },
  'answer-partially': { full: 0 },
  answer: { full: 1 },
  close: { referred: 0 },
  decline: { referred: 0 },
  'verify-nationality': { confirmed: 1 },
  'reject-nationality': { confirmed: 0 },
  'revise-nationality': { confirmed: 0, revision: 1 },
};

const open = {
  repatriation: countStep('repatriation.request', I, { persons: 2, urgent: 0 }),
  investigation: countStep('investigation.request', I, { subjects: 1, urgent: 1 }),
  'consular-verification': countStep('consular.verification.request', I, { persons: 1 }),
};

const assessed = [open.repatriation, countStep('repatriation.assessment', R, ACTION_COUNTS['assess'])];
const proposed = [...assessed, countStep('repatriation.handover.proposal', I, { persons: 1 })];
const agreed = [...proposed, countStep('repatriation.handover.confirmation', R, { confirmed: 1 })];
const awaiting = [...agreed, countStep('repatriation.handover.completed', I, ACTION_COUNTS['complete-handover'])];
const handedOver = [...awaiting, countStep('repatriation.handover.completed', R, ACTION_COUNTS['countersign-handover'])];
const reintegration = [...handedOver, countStep('repatriation.reintegration.update', R, { persons: 1 })];
const acknowledged = [open.investigation, countStep('investigation.acknowledgement', R)];
const close = (side: Side) => countStep('case.closed', side, { referred: 0 });

/** A way (from counts only) to reach each state of each kind. */
export const PATHS: Readonly<Record<CaseKind, Readonly<Record<string, readonly CaseStep[]>>>> = {
  repatriation: {
    requested: [open.repatriation],
    'with-province': [open.repatriation, countStep('repatriation.province-referral', R, { referral: 1 })],
    'information-requested': [open.repatriation, countStep('repatriation.assessment', R, { confirmed: 0, 'not-confirmed': 0, pending: 2 })],
    assessed,
    'travel-document-issued': [...assessed, countStep('repatriation.travel-document', R, { documents: 1 })],
    'handover-proposed': proposed,
    'handover-counter-proposed': [...proposed, countStep('repatriation.handover.confirmation', R, { confirmed: 0 })],
    'handover-agreed': agreed,
    'handover-awaiting-countersign': awaiting,
    'handed-over': handedOver,
    'in-reintegration': reintegration,
    closed: [...reintegration, close(R)],
  },
  investigation: {
    requested: [open.investigation],
    acknowledged,
    declined: [open.investigation, close(R)],
    extended: [...acknowledged, countStep('investigation.extension', R)],
    'partially-answered': [...acknowledged, countStep('investigation.response', R, { full: 0 })],
    answered: [...acknowledged, countStep('investigation.response', R, { full: 1 })],
    closed: [...acknowledged, countStep('investigation.response', R, { full: 1 }), close(I)],
  },
  'consular-verification': {
    requested: [open['consular-verification']],
    verified: [open['consular-verification'], countStep('consular.verification.result', R, { confirmed: 1 })],
    'not-verified': [open['consular-verification'], countStep('consular.verification.result', R, { confirmed: 0 })],
    closed: [open['consular-verification'], close(I)],
  },
};

/** The state `steps` lead to; throws when a step is refused (a broken fixture). */
export function reach(steps: readonly CaseStep[]): CaseState {
  const result = replayCase(steps);
  if (!result.ok) throw new Error(`fixture refused: ${JSON.stringify(result.refusal)}`);
  return result.state;
}
