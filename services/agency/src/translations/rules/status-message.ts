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
