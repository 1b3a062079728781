import type { Kysely } from 'kysely';
import { uuidv7, type Officer, PROTOCOL_TYPES } from '@mou-hub/protocol';
import { advanceTranslation, type TranslationAction, type TranslationRefusal } from '@mou-hub/workflows';
import { translationStatusMessage } from './rules/status-message.ts';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { jobFacts } from './translation-inbox.ts';
import { sideHere } from '../messages/thread-store.ts';
import { queueTranslationStatus } from './status-outbox.ts';
import { addTranslationVersion, reviewLatestVersion } from './translation-versions.ts';
import { findTranslationJob, openTranslationJob, recordTranslationChange, type TranslationJobRow } from './translation-store.ts';

/** Who acts: their username (the id the machine compares) and roles. */
export interface TranslationActorInfo {
  username: string;
  roles: readonly string[];
}

/** What an action carries: `text` (or a translated file's `attachment`) for `submit` and `machine-draft`, `note` for `return`, `reason` for `not-needed`. */
export interface TranslationActionInput {
  text?: string | undefined;
  attachment?: string | undefined;
  note?: string | undefined;
  reason?: string | undefined;
}

/** The outcome of an action: the job as it now is, or why it was refused. */
export type TranslationActionResult =
  | { ok: true; job: TranslationJobRow }
  | { ok: false; refusal: TranslationRefusal | { code: 'not-found'; params: { id: string } } };

/**
 * Takes an action on one of this node's jobs in one transaction: the workflow decides, then the
 * job, its event, the new translation version (sealed) and the `translation.status` message to
 * the other side are written together. Nothing is written when the action is refused.
 */
export async function actOnTranslation(
  deps: { db: Kysely<AgencyDatabase>; agency: string; atRest: AtRest },
  id: string,
  action: TranslationAction,
  actor: TranslationActorInfo,
  input: TranslationActionInput,
  now = new Date(),
): Promise<TranslationActionResult> {
  const at = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const job = await findTranslationJob(trx, id);
    if (!job || job.held_by !== deps.agency) return { ok: false, refusal: { code: 'not-found', params: { id } } } as const;
    const next = advanceTranslation({ status: job.status, translator: job.translator ?? undefined, reviewer: job.reviewer ?? undefined }, action, {
      id: actor.username,
      roles: actor.roles,
    });
    if (!next.ok) return next;

    let translation: string | undefined;
    if ((action === 'submit' || action === 'machine-draft') && (input.text !== undefined || input.attachment !== undefined)) {
      const kind = action === 'submit' ? 'human' : 'machine';
      const version = { id: uuidv7(), jobId: id, kind, text: input.text, attachment: input.attachment, translator: actor.username, at } as const;
      translation = (await addTranslationVersion(trx, version, deps.atRest)).digest;
    }
    if (action === 'approve' || action === 'return') translation = await reviewLatestVersion(trx, id, actor.username, at);

    const state = next.state;
    const note = action === 'return' ? input.note : action === 'not-needed' ? input.reason : undefined;
    await recordTranslationChange(
      trx,
      id,
      { status: state.status, translator: state.translator ?? null, reviewer: state.reviewer ?? null, at, actor: actor.username, note },
      deps.atRest,
    );
    const changed = (await findTranslationJob(trx, id))!;
    const names = await trx.selectFrom('users').select(['username', 'display_name']).where('username', 'in', [state.translator ?? '', state.reviewer ?? '']).execute();
    const officer = (username: string | undefined): Officer | undefined =>
      username
        ? { name: names.find((n) => n.username === username)?.display_name ?? username, agency: deps.agency, role: 'translator' }
        : undefined;
    const message = translationStatusMessage(jobFacts(changed), {
      translator: officer(state.translator),
      reviewer: state.status === 'reviewed' || state.status === 'returned' ? officer(state.reviewer) : undefined,
      translation,
      // The reason a job is not needed goes to the other side; a return note stays with the translator.
      note: action === 'not-needed' ? input.reason : undefined,
    });
    // Held a moment: a change that follows within seconds goes in the same message.
    await queueTranslationStatus(trx, message, at, deps.atRest);
    return { ok: true, job: changed } as const;
  });
}

/** A supervisor's request for a job that policy did not create. */
export interface TranslationAsk {
  case?: string | undefined;
  document: { kind: 'message' | 'attachment'; id: string };
  sourceLang?: string | undefined;
  targetLang: string;
}

/** The job opened, or why not: `not-found` (no such message or case), `conflict` (a job exists), `invalid-request`. */
export type TranslationAskResult =
  | { ok: true; job: TranslationJobRow }
  | { ok: false; code: 'not-found' | 'conflict' | 'invalid-request'; params: Record<string, string> };

/**
 * Opens a job a supervisor asks for, on a received message (case, agreement, sender and language
 * come from it) or on an attachment of a case (`case` and `sourceLang` given). Queues its
 * `needed` status to the other side in the same transaction.
 */
export async function requestTranslation(
  deps: { db: Kysely<AgencyDatabase>; agency: string; atRest: AtRest },
  ask: TranslationAsk,
  actor: string,
  now = new Date(),
): Promise<TranslationAskResult> {
  const at = now.toISOString();
  return deps.db.transaction().execute(async (trx): Promise<TranslationAskResult> => {
    const source =
      ask.document.kind === 'message'
        ? await trx.selectFrom('inbox').select(['thid', 'agreement', 'from_agency as counterpart', 'lang']).where('id', '=', ask.document.id).executeTakeFirst()
        : ask.case
          ? await trx
              .selectFrom('inbox')
              .select(['thid', 'agreement', 'from_agency as counterpart', (eb) => eb.val<string | null>(null).as('lang')])
              .where('thid', '=', ask.case)
              .where('type', 'not in', PROTOCOL_TYPES)
              .executeTakeFirst()
          : undefined;
    if (!source) return { ok: false, code: 'not-found', params: { document: ask.document.id } };
    const sourceLang = ask.sourceLang ?? source.lang;
    if (!sourceLang || sourceLang === ask.targetLang) {
      return { ok: false, code: 'invalid-request', params: { sourceLang: sourceLang ?? '', targetLang: ask.targetLang } };
    }
    const { job, created } = await openTranslationJob(
      trx,
      {
        id: uuidv7(),
        held_by: deps.agency,
        side: await sideHere(trx, source.thid),
        thid: source.thid,
        agreement: source.agreement,
        counterpart: source.counterpart,
        document_kind: ask.document.kind,
        document_id: ask.document.id,
        source_lang: sourceLang,
        target_lang: ask.targetLang,
        status: 'needed',
        origin: 'requested',
        translator: null,
        reviewer: null,
        due: null,
        created_at: at,
        updated_at: at,
      },
      actor,
    );
    if (!created) return { ok: false, code: 'conflict', params: { id: job.id } };
    await queueTranslationStatus(trx, translationStatusMessage(jobFacts(job), {}), at, deps.atRest);
    return { ok: true, job };
  });
}
