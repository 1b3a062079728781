/** One translation job in full, as the API's `GET /api/v1/translations/:id` and the translator's page show it. */
import type { Kysely } from 'kysely';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { translationVersions } from './translation-versions.ts';
import { findTranslationJob, translationHistory, type TranslationJobRow } from './translation-store.ts';

/** The job, who did what, each status (return notes opened), every version, and the original message beside it. */
export interface TranslationDetail {
  job: TranslationJobRow;
  /** The case's human reference, when it has one. */
  caseRef: string | null;
  history: Awaited<ReturnType<typeof translationHistory>>;
  versions: Awaited<ReturnType<typeof translationVersions>>;
  /** The received message to translate (absent for an attachment). */
  original?: { type: string; lang: string | null; body: unknown } | undefined;
}

/**
 * Reads one of this node's jobs with what a translator needs to work on it; undefined when the
 * job is not held here. The caller records the read in the access log (it shows personal data).
 * @example const detail = await translationDetail(deps, jobId); detail?.original?.body;
 */
export async function translationDetail(deps: { db: Kysely<AgencyDatabase>; agency: string; atRest: AtRest }, id: string): Promise<TranslationDetail | undefined> {
  const job = await findTranslationJob(deps.db, id);
  if (!job || job.held_by !== deps.agency) return undefined;
  const original =
    job.document_kind === 'message'
      ? await deps.db.selectFrom('inbox').select(['type', 'lang', 'body']).where('id', '=', job.document_id).executeTakeFirst()
      : undefined;
  const caseRow = await deps.db.selectFrom('cases').select('ref').where('id', '=', job.thid).executeTakeFirst();
  return {
    job,
    caseRef: caseRow?.ref ?? null,
    history: await translationHistory(deps.db, id, deps.atRest),
    versions: await translationVersions(deps.db, id, deps.atRest),
    ...(original ? { original: { type: original.type, lang: original.lang, body: JSON.parse(deps.atRest.open(original.body)) as unknown } } : {}),
  };
}
