import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/** A translation as read back: the text opened, with who made and reviewed it. */
export interface TranslationVersion {
  id: string;
  version: number;
  kind: 'human' | 'machine';
  /** The translated text, or null for a translated file. */
  text: string | null;
  /** The translated file's attachment reference, or null. */
  attachment: string | null;
  digest: string;
  translator: string | null;
  reviewer: string | null;
  submittedAt: string;
  reviewedAt: string | null;
}

/** `sha256:` and the base64url SHA-256 of the text's UTF-8 bytes (what `translation.status` carries). */
export function textDigest(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('base64url')}`;
}

/** Stores a new version of the translation (the next number): a text, sealed with `atRest`, or a file's attachment reference. */
export async function addTranslationVersion(
  db: Db,
  v: { id: string; jobId: string; kind: 'human' | 'machine'; text?: string | undefined; attachment?: string | undefined; translator: string | null; at: string },
  atRest: AtRest,
): Promise<{ version: number; digest: string }> {
  const last = await db
    .selectFrom('translation_versions')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('job_id', '=', v.jobId)
    .executeTakeFirst();
  const version = Number(last?.n ?? 0) + 1;
  const digest = v.attachment ?? textDigest(v.text ?? '');
  await db
    .insertInto('translation_versions')
    .values({
      id: v.id,
      job_id: v.jobId,
      version,
      kind: v.kind,
      text_sealed: v.text === undefined ? null : atRest.seal(v.text),
      attachment: v.attachment ?? null,
      digest,
      translator: v.translator,
      reviewer: null,
      submitted_at: v.at,
      reviewed_at: null,
    })
    .execute();
  return { version, digest };
}

/** Records the reviewer of a job's latest version (approved or returned); returns its digest. */
export async function reviewLatestVersion(db: Db, jobId: string, reviewer: string, at: string): Promise<string | undefined> {
  const latest = await db
    .selectFrom('translation_versions')
    .select(['id', 'digest'])
    .where('job_id', '=', jobId)
    .where('kind', '=', 'human')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!latest) return undefined;
  await db.updateTable('translation_versions').set({ reviewer, reviewed_at: at }).where('id', '=', latest.id).execute();
  return latest.digest;
}

/** Every version of a job's translation, oldest first, with the text opened. */
export async function translationVersions(db: Db, jobId: string, atRest: AtRest): Promise<TranslationVersion[]> {
  const rows = await db.selectFrom('translation_versions').selectAll().where('job_id', '=', jobId).orderBy('version').execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    kind: r.kind,
    text: r.text_sealed === null ? null : atRest.open(r.text_sealed),
    attachment: r.attachment,
    digest: r.digest,
    translator: r.translator,
    reviewer: r.reviewer,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
  }));
}
