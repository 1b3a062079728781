/**
 * The case side of sending: check 14 with the shared workflow before a message is queued,
 * consent to share, and the case change written in the same transaction as the outbox row.
 */
import type { Transaction } from 'kysely';
import type { Consent, Stats } from '@mou-hub/protocol';
import { HttpError } from '@mou-hub/service-kit';
import { countsReturns, mergeFactsIntoStats, stepFacts } from '@mou-hub/workflows';
import { bodyCarriesConsent } from './rules/case-persons.ts';
import { returnCounts } from './rules/return-counts.ts';
import { otherParties, refusalDetail, type StepMessage } from './rules/case-step.ts';
import { applyStep, caseFacts, casePersons, findCase, judgeMessage, nextCaseRef, type CaseRow, type ConsentRecord } from './case-store.ts';
import { findIntake, intakeConsent, linkCase } from '../intakes/intake-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { AppDeps } from '../http/deps.ts';

/** What a case-opening send may add to the message: consent, and what it is opened from. */
export interface CaseSendOptions {
  /** The officer sending. */
  user?: string | undefined;
  /** The case action asked for: the workflow's rule for the body must be this one. */
  action?: string | undefined;
  /** Consent to share, recorded with a case this send opens. */
  consent?: Consent | undefined;
  /** The intake a case this send opens comes from. */
  intake?: string | undefined;
  /** Cases a case this send opens follows from. */
  links?: readonly string[] | undefined;
}

/** A judged step, ready to be written after its outbox row. */
export interface PlannedStep {
  /** The envelope's `stats`: what the officer gave, with the step's facts merged in. */
  stats(given: Record<string, number> | undefined): Record<string, number> | undefined;
  /** Writes the case change; answers the case's state after it (undefined outside a case). */
  commit(): Promise<string | undefined>;
  /** The reference of the case this send opens, for its envelope (undefined otherwise). */
  ref: string | undefined;
  /**
   * The case's other parties the step also goes to (issue 16: a third party), each by an
   * envelope of its own with the same message id; empty for a case of two parties.
   */
  copies: string[];
}

/**
 * Judges `step` as the recipient will (409 `invalid-state` with the refusal's code and
 * parameters), checks consent (409 `consent-required`) and the intake and links named (400),
 * and answers how to finish once the outbox row is written. Throws before anything is written.
 */
export async function planCaseStep(
  trx: Transaction<AgencyDatabase>,
  deps: AppDeps,
  step: StepMessage & { created: string },
  opts: CaseSendOptions = {},
): Promise<PlannedStep> {
  const verdict = await judgeMessage(trx, deps.agency, step);
  if (!verdict.ok) throw new HttpError(409, 'invalid-state', refusalDetail(verdict.refusal), { refusal: verdict.refusal });
  const change = verdict.change;
  if (opts.action && change.kind === 'advance' && change.action !== opts.action) {
    // e.g. `answer` with a partial response: the body says another step than the one asked for.
    const refusal = { code: 'action-mismatch', params: { asked: opts.action, applies: change.action } };
    throw new HttpError(409, 'invalid-state', refusalDetail(refusal), { refusal });
  }
  const at = new Date(step.created).toISOString();
  const opening = change.kind === 'open';
  if (!opening && (opts.consent || opts.intake || opts.links?.length)) {
    throw new HttpError(400, 'invalid-request', 'consent, intake and links are given when a case is opened');
  }

  let consent: ConsentRecord | undefined;
  let ref: string | undefined;
  let returned: Record<string, number> = {};
  let copies: string[] = [];
  if (opening) {
    if (change.consular) copies = [checkConsularParty(deps, step, change.consular)];
    if (opts.intake && !(await findIntake(trx, opts.intake))) throw new HttpError(400, 'unknown-intake', `no intake ${opts.intake} here`);
    for (const id of opts.links ?? []) {
      if (!(await findCase(trx, id))) throw new HttpError(400, 'unknown-case', `no case ${id} here`);
    }
    consent = await consentForOpening(trx, deps, step, opts, at);
    ref = await nextCaseRef(trx, step.agreement, at);
  } else if (change.kind === 'advance') {
    const row = await findCase(trx, step.thid);
    if (!row?.consent_at) throw new HttpError(409, 'consent-required', `case ${step.thid} has no recorded consent to share`, { case: step.thid });
    returned = hostReturnCounts(deps, step, row, at);
    copies = otherParties(deps.agency, caseFacts(row)).filter((a) => a !== step.to);
  }

  return {
    ref,
    copies,
    stats: (given) =>
      change.kind === 'none' ? given : mergeFactsIntoStats(given as Stats | undefined, { ...change.facts, counts: { ...change.facts.counts, ...returned } }),
    async commit() {
      const state = await applyStep(trx, { self: deps.agency, atRest: deps.atRest, directory: deps.directory(), now: new Date(at) }, { ...step, ref }, change, consent);
      if (opening) {
        if (opts.intake) await linkCase(trx, opts.intake, step.thid, at);
        for (const id of opts.links ?? []) await linkCase(trx, id, step.thid, at);
      }
      return state?.state;
    },
  };
}

/**
 * A request naming a consular party (issue 16): it must be an embassy (directory role
 * `embassy`) of the focal point's country, party to the agreement and allowed its types, so that
 * every node and the audit tell the two home agencies apart alike. Answers the party to copy to.
 */
function checkConsularParty(deps: AppDeps, step: StepMessage, named: { agency: string; focalPoint: string }): string {
  const directory = deps.directory();
  const consular = directory.agency(named.agency);
  const focal = directory.agency(named.focalPoint);
  const fits =
    consular?.roles.includes('embassy') === true &&
    focal !== undefined &&
    consular.country === focal.country &&
    directory.maySend(step.agreement, named.agency, step.from, 'repatriation.travel-document').ok;
  if (!fits) {
    throw new HttpError(400, 'invalid-request', `${named.agency} cannot be the consular party beside ${named.focalPoint} under ${step.agreement}`, {
      path: 'body.consular.agency',
    });
  }
  return named.agency;
}

/**
 * The audit's returns counts (by gender, minors per gender) for the host's handover completion:
 * the persons of its records, looked up in the case's sealed persons. The home side's
 * countersign carries none, since the audit counts the host's completion only.
 */
function hostReturnCounts(deps: AppDeps, step: StepMessage, row: CaseRow, at: string): Record<string, number> {
  if (!countsReturns(step.type, stepFacts(step.type, step.body).counts)) return {};
  const body = step.body as { records: { personRef: string }[] };
  const persons = casePersons(row, deps.atRest);
  return returnCounts(
    persons,
    body.records.map((r) => r.personRef),
    at.slice(0, 10),
  );
}

/** The consent a new case is opened with: given with it, taken from its intake, or carried by its body. */
async function consentForOpening(
  trx: Transaction<AgencyDatabase>,
  deps: AppDeps,
  step: StepMessage,
  opts: CaseSendOptions,
  at: string,
): Promise<ConsentRecord> {
  const recordedBy = opts.user ?? deps.agency;
  if (opts.consent) {
    if (!opts.consent.given) throw new HttpError(409, 'consent-required', 'consent to share was refused', { given: false });
    return { ...opts.consent, recordedBy, recordedAt: at, source: 'recorded' };
  }
  if (opts.intake) {
    const intake = await findIntake(trx, opts.intake);
    const consent = intake ? intakeConsent(intake, deps.atRest) : null;
    if (consent) return { ...consent, source: 'intake' };
  }
  if (bodyCarriesConsent(step.type, step.body)) {
    return { given: true, by: 'each-person', date: at.slice(0, 10), recordedBy, recordedAt: at, source: 'request' };
  }
  throw new HttpError(409, 'consent-required', 'record consent to share before the first message about a person', { type: step.type });
}
