import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { AtRest } from '../platform/at-rest.ts';
import type { AttachmentDirection, AttachmentState, AttachmentTable } from './attachments-schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;
/** An `attachments` row. */
export type AttachmentRow = Selectable<AttachmentTable>;

/** A new attachment row: sent (`stored`) or received (`fetching`). */
export interface NewAttachment {
  name: string;
  direction: AttachmentDirection;
  thid: string;
  counterpart: string;
  messageId?: string;
  mediaType: string;
  size: number;
  digest: string;
  state: AttachmentState;
}

/**
 * Records an attachment; a second record of the same (direction, name) is ignored. Its plaintext
 * digest is sealed: unsalted, it would confirm a guessed file (open it with `openSealedOrClear`).
 */
export async function recordAttachment(db: Db, a: NewAttachment, at: string, atRest: AtRest): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      name: a.name,
      direction: a.direction,
      thid: a.thid,
      counterpart: a.counterpart,
      message_id: a.messageId ?? null,
      media_type: a.mediaType,
      size: a.size,
      digest: atRest.seal(a.digest),
      state: a.state,
      detail: null,
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['direction', 'name']).doNothing())
    .execute();
}

/** One attachment, by direction and name. */
export function findAttachment(db: Db, direction: AttachmentDirection, name: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('direction', '=', direction).where('name', '=', name).executeTakeFirst();
}

/** Every attachment of a case, oldest first. */
export function caseAttachmentRows(db: Db, thid: string): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('thid', '=', thid).orderBy('created_at').orderBy('name').execute();
}

/** Rows in `states` whose next try is due. */
export function dueAttachments(db: Db, direction: AttachmentDirection, states: readonly AttachmentState[], now: string, limit = 16): Promise<AttachmentRow[]> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('direction', '=', direction)
    .where('state', 'in', states)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

/** The states whose rows the attachment service tries again: an upload not yet put, a fetch not yet done. */
export const RETRIED_STATES = { out: ['stored'], in: ['fetching', 'attachment-missing'] } as const satisfies Record<AttachmentDirection, readonly AttachmentState[]>;

/** When the earliest try of {@link RETRIED_STATES} falls due, or undefined for none. Reads only the `attachments_due` index. */
export async function nextAttemptAt(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('state', 'in', [...RETRIED_STATES.out, ...RETRIED_STATES.in])
    .executeTakeFirst();
  return row?.at ?? undefined;
}

/** Sets a row's state after a try; `retryAt` null means no further try. */
export async function settleAttachment(
  db: Db,
  direction: AttachmentDirection,
  name: string,
  s: { state: AttachmentState; detail: object | null; attempts: number; retryAt: string | null },
  at: string,
): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ state: s.state, detail: s.detail ? JSON.stringify(s.detail) : null, attempts: s.attempts, next_attempt_at: s.retryAt ?? '9999-12-31T00:00:00.000Z', updated_at: at })
    .where('direction', '=', direction)
    .where('name', '=', name)
    .execute();
}

/** Of the attachments a message to `to` names: those to wait for, and those it cannot carry. */
export interface AttachmentReadiness {
  /** Sent from here to `to`, not yet in its stream: the message waits. */
  waiting: string[];
  /** Never stored here for `to` (nor received from it): the message can never be complete. */
  unknown: string[];
}

/**
 * Whether a message to `to` naming `names` may be published. A name is ready when this agency
 * uploaded it to `to`, or received it from `to` (quoted back: `to` holds it).
 */
export async function attachmentReadiness(db: Db, to: string, names: readonly string[]): Promise<AttachmentReadiness> {
  if (names.length === 0) return { waiting: [], unknown: [] };
  const rows = await db
    .selectFrom('attachments')
    .select(['name', 'direction', 'state'])
    .where('name', 'in', names)
    .where('counterpart', '=', to)
    .execute();
  const ready = new Set(rows.filter((r) => r.direction === 'in' || r.state === 'uploaded').map((r) => r.name));
  const known = new Set(rows.map((r) => r.name));
  return { waiting: names.filter((n) => known.has(n) && !ready.has(n)), unknown: names.filter((n) => !known.has(n)) };
}

/** Inbox rows committed after `afterRowid`, oldest first, with their rowid. */
export function inboxAfter(db: Db, afterRowid: number, limit = 64) {
  return db
    .selectFrom('inbox')
    .select([sql<number>`inbox.rowid`.as('rowid'), 'id', 'from_agency', 'thid', 'type', 'body'])
    .where(sql<number>`inbox.rowid`, '>', afterRowid)
    .orderBy(sql`inbox.rowid`)
    .limit(limit)
    .execute();
}

/** The fetcher's inbox cursor. */
export async function scanCursor(db: Db): Promise<number> {
  const row = await db.selectFrom('attachment_scan').select('inbox_rowid').where('id', '=', 1).executeTakeFirst();
  return row?.inbox_rowid ?? 0;
}

/** Moves the fetcher's inbox cursor. */
export async function moveScanCursor(db: Db, rowid: number): Promise<void> {
  await db.updateTable('attachment_scan').set({ inbox_rowid: rowid }).where('id', '=', 1).execute();
}
