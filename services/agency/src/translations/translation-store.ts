import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { TranslationStatus } from '@mou-hub/protocol';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { TranslationJobTable } from './translation-schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;
export type TranslationJobRow = Selectable<TranslationJobTable>;

/** One status a job took: when, by whom, and the note that went with it (opened). */
export interface TranslationEvent {
  status: TranslationStatus;
  at: string;
  actor: string | null;
  note?: string | undefined;
}

/**
 * Opens a job with its first event. A second job for the same holder, document and target
 * language is not created: the existing one is returned with `created: false`.
 */
export async function openTranslationJob(
  db: Db,
  job: Insertable<TranslationJobTable>,
  actor: string | null,
): Promise<{ job: TranslationJobRow; created: boolean }> {
  const existing = await db
    .selectFrom('translation_jobs')
    .selectAll()
    .where('held_by', '=', job.held_by)
    .where('document_kind', '=', job.document_kind)
    .where('document_id', '=', job.document_id)
    .where('target_lang', '=', job.target_lang)
    .executeTakeFirst();
  if (existing) return { job: existing, created: false };
  await db.insertInto('translation_jobs').values(job).execute();
  await db.insertInto('translation_events').values({ job_id: job.id, status: job.status, at: job.created_at, actor, note_sealed: null }).execute();
  return { job: await findTranslationJob(db, job.id).then((j) => j!), created: true };
}

/** The job with this id, if any. */
export function findTranslationJob(db: Db, id: string): Promise<TranslationJobRow | undefined> {
  return db.selectFrom('translation_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records a status change: the job's new state and its event (a note is sealed with `atRest`). */
export async function recordTranslationChange(
  db: Db,
  id: string,
  change: { status: TranslationStatus; translator: string | null; reviewer: string | null; at: string; actor: string | null; note?: string | undefined },
  atRest: AtRest,
): Promise<void> {
  await db
    .updateTable('translation_jobs')
    .set({ status: change.status, translator: change.translator, reviewer: change.reviewer, updated_at: change.at })
    .where('id', '=', id)
    .execute();
  await db
    .insertInto('translation_events')
    .values({ job_id: id, status: change.status, at: change.at, actor: change.actor, note_sealed: change.note ? atRest.seal(change.note) : null })
    .execute();
}

/** A job's statuses, oldest first; notes are opened only when `atRest` is given. */
export async function translationHistory(db: Db, jobId: string, atRest?: AtRest): Promise<TranslationEvent[]> {
  const rows = await db.selectFrom('translation_events').selectAll().where('job_id', '=', jobId).orderBy('seq').execute();
  return rows.map((r) => ({
    status: r.status,
    at: r.at,
    actor: r.actor,
    ...(atRest && r.note_sealed ? { note: atRest.open(r.note_sealed) } : {}),
  }));
}

/** Filters and page of the translator's queue. */
export interface TranslationFilter {
  heldBy: string;
  status?: TranslationStatus | undefined;
  sourceLang?: string | undefined;
  targetLang?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * This node's jobs, oldest first (the queue's order), and how many match. A job's `due` is its
 * own when set, else its case's next due date (`cases.due_at`): when the step waiting on it is due.
 */
export async function listTranslationJobs(
  db: Db,
  f: TranslationFilter,
): Promise<{ items: (TranslationJobRow & { caseRef: string | null; documentType: string | null })[]; total: number }> {
  let q = db.selectFrom('translation_jobs as j').where('j.held_by', '=', f.heldBy);
  if (f.status) q = q.where('j.status', '=', f.status);
  if (f.sourceLang) q = q.where('j.source_lang', '=', f.sourceLang);
  if (f.targetLang) q = q.where('j.target_lang', '=', f.targetLang);
  const [items, count] = await Promise.all([
    q
      .leftJoin('cases as c', 'c.id', 'j.thid')
      .leftJoin('inbox as i', 'i.id', 'j.document_id')
      .selectAll('j')
      // The case's reference and the document's message type name a job in the reader's words.
      .select((eb) => [eb.fn.coalesce('j.due', 'c.due_at').as('due'), 'c.ref as caseRef', 'i.type as documentType'])
      .orderBy('j.created_at')
      .orderBy('j.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
