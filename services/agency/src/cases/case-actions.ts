/**
 * The officer's two case use cases, called alike by the API (`cases/http`) and the console
 * (`cases/pages`): open a case, take an action on one. Each checks what the recipient will
 * check and queues one message, or throws an `HttpError` whose code and parameters the edge
 * words (JSON for the API, the reader's language for the console). A throw, not a result,
 * because the send runs inside a group-commit transaction that a throw rolls back whole.
 */
import type { Consent } from '@mou-hub/protocol';
import { HttpError } from '@mou-hub/service-kit';
import { allowedActions, CASE_OPENERS, type CaseKind } from '@mou-hub/workflows';
import type { AppDeps } from '../http/deps.ts';
import { sendMessage } from '../messages/send.ts';
import { caseFacts, findCase, type CaseRow } from './case-store.ts';
import { officerActions } from './rules/sent-by-node.ts';

/** What an officer gives to open a case. */
export interface OpenCaseInput {
  kind: CaseKind;
  agreement: string;
  to: string;
  lang: string;
  body: unknown;
  /** The officer (recorded with consent and in the log). */
  user: string;
  consent?: Consent | undefined;
  intake?: string | undefined;
  links?: readonly string[] | undefined;
}

/** What an officer gives to take an action on a case. */
export interface ActionInput {
  /** The action's name, one of the case view's `actions`. */
  name: string;
  lang: string;
  body: unknown;
  user: string;
}

/** A queued case message: its id, the case (thread) id and the case's state after it on this side. */
export interface CaseSent {
  messageId: string;
  caseId: string;
  state: string;
}

/**
 * Opens a case: queues its opening request with consent, intake and links.
 * @example const sent = await openCase(deps, { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body, user: 'th.officer' });
 */
export async function openCase(deps: AppDeps, input: OpenCaseInput): Promise<CaseSent> {
  const sent = await sendMessage(
    deps,
    { to: input.to, agreement: input.agreement, type: CASE_OPENERS[input.kind], lang: input.lang, body: input.body as Record<string, unknown> },
    { user: input.user, consent: input.consent, intake: input.intake, links: input.links },
  );
  deps.log.info({ caseId: sent.thid, kind: input.kind, user: input.user }, 'case opened');
  return { messageId: sent.id, caseId: sent.thid, state: sent.state ?? 'requested' };
}

/** The officer actions open to this side of a case now, turn-bound and anytime alike. */
export function openActions(row: CaseRow): { name: string; type: string }[] {
  const facts = caseFacts(row);
  return officerActions(allowedActions(facts.machine, facts.role, { anytime: true, party: facts.party }));
}

/**
 * Takes action `input.name` on case `caseId`: 404 `not-found` when this node holds no such
 * case, 409 `invalid-state` (refusal `action-not-open` with the action, the state and the
 * actions open) when it is not this side's to take now, else queues its message.
 * @example await takeAction(deps, caseId, { name: 'assess', lang: 'lo', body, user: 'lo.officer' });
 */
export async function takeAction(deps: AppDeps, caseId: string, input: ActionInput): Promise<CaseSent> {
  const row = await findCase(deps.db, caseId);
  if (!row) throw new HttpError(404, 'not-found', `no case ${caseId} here`);
  const actions = openActions(row);
  const action = actions.find((a) => a.name === input.name);
  if (!action) {
    // Open now, but to the other agency of this side (issue 16: the embassy issues the travel document, la-mlsw assesses).
    const facts = caseFacts(row);
    const other = facts.party === 'consular' ? 'focal-point' : 'consular';
    if (facts.machine.memory.consular && allowedActions(facts.machine, facts.role, { anytime: true, party: other }).some((a) => a.name === input.name)) {
      const refusal = { code: 'wrong-agency', params: { action: input.name, state: row.state, party: other } };
      throw new HttpError(409, 'invalid-state', `${input.name} is for the ${other} of this side`, { refusal });
    }
    const refusal = { code: 'action-not-open', params: { action: input.name, state: row.state, actions: actions.map((a) => a.name) } };
    throw new HttpError(409, 'invalid-state', `${input.name} is not open to this side in state ${row.state}`, { refusal });
  }
  const sent = await sendMessage(
    deps,
    { to: row.counterpart, agreement: row.agreement, type: action.type as never, lang: input.lang, body: input.body as Record<string, unknown>, thid: caseId },
    { user: input.user, action: input.name },
  );
  deps.log.info({ caseId, action: input.name, messageId: sent.id, user: input.user }, 'case action queued');
  return { messageId: sent.id, caseId, state: sent.state ?? row.state };
}
