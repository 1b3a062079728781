import { PROTOCOL_TYPES } from '@mou-hub/protocol';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase, InboxTable } from '../platform/schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;
export type InboxRow = Selectable<InboxTable>;

/**
 * Commits an opened message, its body (clear JSON text in `row`) sealed with `atRest`: read it
 * back with `atRest.open(row.body)`. The id is the primary key: a second insert of one id fails.
 */
export async function insertInbox(db: Db, row: InboxRow, atRest: AtRest): Promise<void> {
  await db.insertInto('inbox').values({ ...row, body: atRest.seal(row.body) }).execute();
}

/** The envelope hash stored for a message id, if the message was committed. */
export async function inboxEnvelopeHash(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('inbox').select('envelope_hash').where('id', '=', id).executeTakeFirst();
  return row?.envelope_hash;
}

/** The committed message with exactly these bytes, if any (a redelivery or a resend). */
export function inboxByEnvelope(db: Db, envelopeHash: string) {
  return db
    .selectFrom('inbox')
    .select(['id', 'from_agency', 'agreement', 'thid', 'type'])
    .where('envelope_hash', '=', envelopeHash)
    .executeTakeFirst();
}

/** Filters and page of the inbox listing. */
export interface InboxFilter {
  type?: string | undefined;
  thid?: string | undefined;
  from?: string | undefined;
  /** Include receipts and problems (off by default: officers read business messages). */
  protocol?: boolean;
  limit: number;
  offset: number;
}

/** Received messages, newest first, and how many match. */
export async function listInbox(db: Db, f: InboxFilter): Promise<{ items: InboxRow[]; total: number }> {
  let q = db.selectFrom('inbox');
  if (f.type) q = q.where('type', '=', f.type);
  if (f.thid) q = q.where('thid', '=', f.thid);
  if (f.from) q = q.where('from_agency', '=', f.from);
  if (!f.protocol && !f.type) q = q.where('type', 'not in', PROTOCOL_TYPES);
  const [items, count] = await Promise.all([
    q.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Received messages by type, for metrics. */
export function inboxCounts(db: Db) {
  return db
    .selectFrom('inbox')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('type')
    .execute();
}
