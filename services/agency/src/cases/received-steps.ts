/**
 * The recipient's side of the case workflows: check 14 on an opened message, and the case
 * change written in the inbox commit's transaction, so both sides run the same machine.
 */
import type { Kysely, Transaction } from 'kysely';
import type { OpenedMessage } from '@mou-hub/protocol';
import { refusalDetail, type StepMessage } from './rules/case-step.ts';
import { applyStep, findCase, judgeMessage, type CaseStoreContext, type ConsentRecord } from './case-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { findIntake, insertIntake } from '../intakes/intake-store.ts';
import type { ConsularNotificationBody } from '@mou-hub/protocol';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/** Received envelopes kept whole: the handover record is shown co-signed only after both signatures verify again. */
const KEPT_TYPES: ReadonlySet<string> = new Set(['repatriation.handover.completed']);

/** The step an opened message makes. */
export function stepOf(m: OpenedMessage): StepMessage & { created: string } {
  const p = m.payload;
  return { id: p.id, thid: p.thid, type: p.type, from: p.from, to: p.to, agreement: p.agreement, body: m.body, created: p.created, ref: p.ref };
}

/** Refusals that mean "not your thread": the sender hears one answer for all of them. */
const NOT_YOURS: ReadonlySet<string> = new Set(['unknown-thread', 'not-a-party']);

/**
 * Refusals a step of a case of three parties (issue 16) may get only because it came before
 * the step it follows: its author acted on another party's step that has not reached this
 * node yet (each party sends its own envelopes, so two senders' steps may arrive out of the
 * order they were taken in).
 */
const MAY_COME_LATER: ReadonlySet<string> = new Set(['step-not-allowed', 'person-not-ready', 'unknown-person', 'countersign-mismatch']);

/**
 * Check 14 (`invalid-state`): the problem detail when the case refuses the step, else
 * undefined. A thread unknown here and one of another pair get the same answer
 * (`unknown-thread: thread=<thid>`), so a sender cannot learn whether a thread exists.
 * `early` marks a refusal in a case of three parties that the step it follows may still
 * lift: the inbox holds such a message (redelivers it) before it refuses it.
 */
export async function checkCaseStep(db: Db, self: string, m: OpenedMessage): Promise<{ detail: string; early?: true } | undefined> {
  const verdict = await judgeMessage(db, self, stepOf(m));
  if (verdict.ok) return undefined;
  const refusal = NOT_YOURS.has(verdict.refusal.code) ? { code: 'unknown-thread', params: { thread: m.payload.thid } } : verdict.refusal;
  const early = MAY_COME_LATER.has(refusal.code) && Boolean((await findCase(db, m.payload.thid))?.parties);
  return { detail: refusalDetail(refusal), ...(early ? { early } : {}) };
}

/**
 * A step of a case of three parties that came before the step it follows (`checkCaseStep`'s
 * `early`): retryable, so the inbox redelivers it over the consumer's tries (about 7 minutes)
 * and refuses it only on the last one.
 */
export class StepAheadError extends Error {
  override readonly name = 'StepAheadError';
  readonly retryable = true;
  constructor(readonly messageId: string, readonly detail: string) {
    super(`step ${messageId} came before the step it follows (${detail}): held`);
  }
}

/** The case moved between check 14 and the inbox commit (this node sent a step meanwhile). */
export class CaseMovedError extends Error {
  override readonly name = 'CaseMovedError';
  /** A race this node lost, not a fault of the message: the inbox redelivers it (check 14 then answers). */
  readonly retryable = true;
  constructor(readonly refusal: { code: string; params: Readonly<Record<string, string | number | boolean>> }) {
    super(`the case moved before the commit: ${refusalDetail(refusal)}`);
  }
}

/**
 * Writes a received step to its case inside the inbox commit (after the inbox row). A case
 * opened by the counterpart carries the consent it recorded. Judged again here, in the
 * transaction: an officer's send may have moved the case since check 14 read it. Then this
 * throws, the commit is undone and the message redelivered, and check 14 quarantines it with
 * the workflow's code (the sender gets a problem and replays its case): never a message in the
 * inbox that its case did not take.
 */
export async function recordReceivedStep(trx: Db, ctx: CaseStoreContext, m: OpenedMessage): Promise<void> {
  const step = stepOf(m);
  const verdict = await judgeMessage(trx, ctx.self, step);
  if (!verdict.ok) throw new CaseMovedError(verdict.refusal);
  const at = ctx.now.toISOString();
  const consent =
    verdict.change.kind === 'open'
      ? { given: true, by: 'counterpart', date: at.slice(0, 10), recordedBy: step.from, recordedAt: at, source: 'counterpart' as const }
      : undefined;
  await applyStep(trx, ctx, step, verdict.change, consent);
  if (step.type === 'consular.notification') await intakeFromNotice(trx, ctx, step, at);
  if (verdict.change.kind !== 'none' && KEPT_TYPES.has(step.type)) {
    await trx.insertInto('case_envelopes').values({ message_id: step.id, case_id: step.thid, jws: m.jws }).onConflict((oc) => oc.doNothing()).execute();
  }
}

/**
 * A police notice of a Lao woman held (`consular.notification`, issue 16) opens an intake at
 * the embassy, with the id of the notice (so a redelivery adds none): her details, where and
 * since when she is held, who holds her; her consent when the police say she gave it.
 */
async function intakeFromNotice(trx: Db, ctx: CaseStoreContext, step: StepMessage & { created: string }, at: string): Promise<void> {
  if (await findIntake(trx, step.id)) return;
  const b = step.body as ConsularNotificationBody;
  const { ref: _ref, ...person } = b.person;
  const details = {
    person,
    narrative: b.circumstancesDetail ?? `Held by the police in ${b.locationInChina.province} since ${b.detainedSince}.`,
    location: { country: 'CN', province: b.locationInChina.province, ...(b.locationInChina.city ? { city: b.locationInChina.city } : {}) },
    contact: b.contact,
    notice: { message: step.id, from: step.from, detainedSince: b.detainedSince, documentsHeld: b.documentsHeld, consentStatus: b.consentStatus },
  };
  const consent: ConsentRecord | undefined =
    b.consentStatus === 'given' ? { given: true, by: 'self', date: step.created.slice(0, 10), recordedBy: step.from, recordedAt: at, source: 'counterpart' } : undefined;
  await insertIntake(trx, ctx.atRest, { id: step.id, source: 'police-notice', recordedAt: at, recordedBy: step.from, details, consent });
}
