import type { Kysely, Transaction } from 'kysely';
import type { TranslationStatus } from '@mou-hub/protocol';
import type { CaseTranslationJob } from '@mou-hub/workflows';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { translationVersions } from './translation-versions.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/** One translation of a case, as both sides list it (`GET /api/v1/cases/:id` → `translations`). */
export interface CaseTranslation {
  /** The job's id at this node (a mirrored job has an id of its own here). */
  id: string;
  document: { kind: 'message' | 'attachment'; id: string };
  sourceLang: string;
  targetLang: string;
  status: TranslationStatus;
  updatedAt: string;
  /** The side of the case that translates: `initiator` (opened the thread) or `responder`. */
  side: 'initiator' | 'responder';
  /** The agency that translates. */
  heldBy: string;
  /** Every status, oldest first, with its time at the translating node. */
  history: { status: TranslationStatus; at: string }[];
  /** This node's latest version, to show beside the original (only with `atRest`, only for its own jobs); `reviewed` only when the job is. */
  translation?: { version: number; kind: 'human' | 'machine'; text: string | null; attachment: string | null; reviewed: boolean };
}

/**
 * The translations of a case, this node's own and the other side's (followed through
 * `translation.status`), oldest first. Both sides list the same statuses and times. With
 * `atRest`, each of this node's own jobs also carries its latest translation (opened).
 * @example const translations = await listCaseTranslations(db, caseId);
 */
export async function listCaseTranslations(db: Db, caseId: string, atRest?: AtRest): Promise<CaseTranslation[]> {
  const jobs = await db.selectFrom('translation_jobs').selectAll().where('thid', '=', caseId).orderBy('created_at').orderBy('id').execute();
  if (jobs.length === 0) return [];
  const events = await db
    .selectFrom('translation_events')
    .select(['job_id', 'status', 'at'])
    .where('job_id', 'in', jobs.map((j) => j.id))
    .orderBy('seq')
    .execute();
  // A version counts as reviewed only when its job is: a returned one has a reviewer too.
  const latest = async (j: (typeof jobs)[number]): Promise<CaseTranslation['translation']> => {
    const last = atRest ? (await translationVersions(db, j.id, atRest)).at(-1) : undefined;
    if (!last) return undefined;
    return { version: last.version, kind: last.kind, text: last.text, attachment: last.attachment, reviewed: j.status === 'reviewed' };
  };
  const out: CaseTranslation[] = [];
  for (const j of jobs) {
    const translation = j.origin === 'counterpart' ? undefined : await latest(j);
    out.push({
      id: j.id,
      document: { kind: j.document_kind, id: j.document_id },
      sourceLang: j.source_lang,
      targetLang: j.target_lang,
      status: j.status,
      updatedAt: j.updated_at,
      side: j.side === 'initiator' ? 'initiator' : 'responder',
      heldBy: j.held_by,
      history: events.filter((e) => e.job_id === j.id).map((e) => ({ status: e.status, at: e.at })),
      ...(translation ? { translation } : {}),
    });
  }
  return out;
}

/**
 * The translation jobs of a case as the workflows' pause rule reads them (`caseTranslationPauses`
 * of `@mou-hub/workflows`, which also caps each pause at the job's due date): each job's
 * translating side and its statuses, this node's own and the other side's.
 * @example caseTranslationPauses({ deadlines, translation, steps, parties, jobs: await caseTranslationJobs(db, caseId) })
 */
export async function caseTranslationJobs(db: Db, caseId: string): Promise<CaseTranslationJob[]> {
  return (await listCaseTranslations(db, caseId)).map((t) => ({ side: t.side, history: t.history }));
}
