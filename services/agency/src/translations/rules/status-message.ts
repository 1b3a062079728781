import type { Officer, TranslationStatus, TranslationStatusBody } from '@mou-hub/protocol';

/** The job as its status message describes it. */
export interface TranslationJobFacts {
  thid: string;
  agreement: string;
  counterpart: string;
  documentKind: 'message' | 'attachment';
  documentId: string;
  sourceLang: string;
  targetLang: string;
  status: TranslationStatus;
}

/** What goes with a change: the people, the translation's digest, the not-needed reason. */
export interface TranslationChangeFacts {
  translator?: Officer | undefined;
  reviewer?: Officer | undefined;
  translation?: string | undefined;
  note?: string | undefined;
}

/**
 * The envelope `stats` key of a status, for the audit (which never decrypts): exactly one key
 * `translation-<status>` with the value 1, e.g. `{"translation-reviewed": 1}`.
 */
export function translationStats(status: TranslationStatus): Record<string, number> {
  return { [`translation-${status}`]: 1 };
}

/**
 * The `translation.status` message that tells the other side of the case about a change: on
 * the case's thread, `replyTo` the translated message, `lang` the target language, the status
 * in `stats`. The caller adds `id` and `created` and queues it in the change's transaction.
 * @example queueMessage(trx, { id: uuidv7(), created: now, ...translationStatusMessage(job, { translator }) }, atRest)
 */
export function translationStatusMessage(job: TranslationJobFacts, change: TranslationChangeFacts) {
  const body: TranslationStatusBody = {
    document: job.documentKind === 'message' ? { kind: 'message', id: job.documentId } : { kind: 'attachment', id: job.documentId },
    sourceLang: job.sourceLang,
    targetLang: job.targetLang,
    status: job.status,
    ...(change.translator ? { translator: change.translator } : {}),
    ...(change.reviewer ? { reviewer: change.reviewer } : {}),
    ...(change.translation ? { translation: change.translation } : {}),
    ...(change.note ? { note: change.note } : {}),
  };
  return {
    to: job.counterpart,
    agreement: job.agreement,
    type: 'translation.status' as const,
    thid: job.thid,
    replyTo: job.documentKind === 'message' ? job.documentId : undefined,
    lang: job.targetLang,
    body,
    stats: translationStats(job.status),
  };
}

/**
 * How long a job's status change waits in the outbox for the next one, so changes that follow
 * each other within seconds (claimed, then translated) go as one `translation.status`. A job's
 * first status (`needed`) is never held: the other side's translation pause starts with it.
 */
export const STATUS_HOLD_MS = 2_000;

/** Most earlier statuses one message carries (the protocol's bound). */
const MAX_EARLIER = 16;

/** A `translation.status` still held in the outbox: its body and its `created`. */
export interface HeldStatus {
  body: TranslationStatusBody;
  created: string;
}

/** Is this change held for a moment before it is sent? Every status but a job's first. */
export function holdsStatus(status: TranslationStatus): boolean {
  return status !== 'needed';
}

/**
 * One message for a held status and the change after it, or undefined when they cannot merge
 * (another document or language, or the held one already carries the most earlier statuses):
 * the later body, with the held one's status (at its `created`) after its own earlier ones.
 * @example mergeStatus({ body: claimed, created: t0 }, translated)?.earlier // [{ status: 'claimed', at: t0 }]
 */
export function mergeStatus(held: HeldStatus, next: TranslationStatusBody): TranslationStatusBody | undefined {
  const same =
    held.body.document.kind === next.document.kind &&
    held.body.document.id === next.document.id &&
    held.body.targetLang === next.targetLang;
  const earlier = [...(held.body.earlier ?? []), { status: held.body.status, at: held.created }];
  if (!same || earlier.length > MAX_EARLIER) return undefined;
  return { ...next, earlier };
}

/**
 * The statuses a received `translation.status` stands for, oldest first: its earlier ones, then
 * its own at the message's `created` (the time at the translating node).
 */
export function statusesOf(body: TranslationStatusBody, created: string): { status: TranslationStatus; at: string }[] {
  return [...(body.earlier ?? []), { status: body.status, at: created }];
}
