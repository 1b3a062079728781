import { PROTOCOL_TYPES } from '@mou-hub/protocol';
import type { Kysely, Transaction } from 'kysely';
import type { Side } from '@mou-hub/workflows';
import type { ThreadFacts } from '../cases/rules/thread-rules.ts';
import type { InboxRow } from './inbox-store.ts';
import type { OutboxRow } from './outbox-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/** The message types a thread holds here, sent (not failed or rejected) and received. */
export async function threadFacts(db: Db, thid: string): Promise<ThreadFacts> {
  const [sent, received] = await Promise.all([
    db
      .selectFrom('outbox')
      .select('type')
      .distinct()
      .where('thid', '=', thid)
      .where('status', 'not in', ['failed', 'rejected'])
      .where('type', 'not in', PROTOCOL_TYPES)
      .execute(),
    db
      .selectFrom('inbox')
      .select('type')
      .distinct()
      .where('thid', '=', thid)
      .where('type', 'not in', PROTOCOL_TYPES)
      .execute(),
  ]);
  const types = new Set([...sent, ...received].map((r) => r.type));
  return { exists: types.size > 0, types };
}

/** Every business message of a thread, both directions, oldest first (by `created`, then id). */
export async function threadMessages(db: Db, thid: string): Promise<({ direction: 'out'; row: OutboxRow } | { direction: 'in'; row: InboxRow })[]> {
  const [sent, received] = await Promise.all([
    // A copy of a step to a case's third party (`copy_of`) is the same message: listed once.
    db.selectFrom('outbox').selectAll().where('thid', '=', thid).where('copy_of', 'is', null).where('type', 'not in', PROTOCOL_TYPES).execute(),
    db.selectFrom('inbox').selectAll().where('thid', '=', thid).where('type', 'not in', PROTOCOL_TYPES).execute(),
  ]);
  return [
    ...sent.map((row) => ({ direction: 'out' as const, row })),
    ...received.map((row) => ({ direction: 'in' as const, row })),
  ].sort((a, b) => a.row.created.localeCompare(b.row.created) || a.row.id.localeCompare(b.row.id));
}

/**
 * Whether `id` is already used here by something other than a received message: a message this
 * agency sent, a case, or a thread. A new message may not take it (check 10, `replay`): an
 * opener re-using the id of a case the two share would otherwise pass every check and then
 * fail its commit on the case's key, forever.
 */
export async function idInUse(db: Db, id: string): Promise<boolean> {
  const [sent, kase, thread] = await Promise.all([
    db.selectFrom('outbox').select('id').where('id', '=', id).executeTakeFirst(),
    db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst(),
    db.selectFrom('inbox').select('id').where('thid', '=', id).limit(1).executeTakeFirst(),
  ]);
  return Boolean(sent ?? kase ?? thread);
}

/**
 * This agency's side of a thread: `initiator` when it sent the thread's first message (the
 * thread id is that message's id), else `responder`. The one derivation of the fact; a case
 * stores it as `cases.role` when it opens.
 */
export async function sideHere(db: Db, thid: string): Promise<Side> {
  return (await db.selectFrom('outbox').select('id').where('id', '=', thid).executeTakeFirst()) ? 'initiator' : 'responder';
}
