import { PROTOCOL_TYPES } from '@mou-hub/protocol';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase, OutboxTable } from '../platform/schema.ts';
import { decideSettlement, type OutboxStatus } from './rules/delivery-status.ts';
import { outboxRow } from './message-row.ts';
import { commitWithoutFsync } from '@mou-hub/db';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;
export type OutboxRow = Selectable<OutboxTable>;

/** What a new outbox row needs; the rest is set by `queueMessage`. */
export interface NewOutboxMessage {
  id: string;
  to: string;
  agreement: string;
  type: string;
  thid: string;
  replyTo?: string | undefined;
  lang?: string | undefined;
  body: unknown;
  stats?: Record<string, number> | undefined;
  expires?: string | undefined;
  /** The case reference, on a thread's first message only. */
  ref?: string | undefined;
  created: string;
  /** Not published before this time (a `translation.status` held a moment for a change that may follow); at once by default. */
  notBefore?: string | undefined;
  /** This row carries message `copyOf` to one more party of its thread (issue 16): its envelope has that id, `id` keys the row. */
  copyOf?: string | undefined;
  /** Its envelope, when sealed before the row is written (the relay then publishes these bytes; the caller logs them as evidence in the same transaction). */
  sealed?: { jws: string; envelopeHash: string } | undefined;
}

async function event(db: Db, id: string, status: OutboxStatus, at: string, detail?: string): Promise<void> {
  await db.insertInto('outbox_events').values({ message_id: id, status, at, detail: detail ?? null }).execute();
}

/**
 * Commits a message to the outbox as `queued`, its body sealed with `atRest` (read it back with
 * `atRest.open(row.body)`); call inside the transaction that made the change.
 */
export async function queueMessage(db: Db, m: NewOutboxMessage, atRest: AtRest): Promise<void> {
  await db
    .insertInto('outbox')
    .values(outboxRow(m, atRest))
    .execute();
  await event(db, m.id, 'queued', m.created);
}

/** Queued messages whose next attempt is due, oldest first. */
export function dueMessages(db: Db, now: string, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox as o')
    .selectAll()
    .where('o.status', '=', 'queued')
    .where('o.next_attempt_at', '<=', now)
    // A business message waits for the older ones of its thread: the recipient checks each step
    // against the thread it holds, so a note must not overtake the request it follows.
    .where(({ or, and, eb, not, exists, selectFrom }) =>
      or([
        eb('o.type', 'in', PROTOCOL_TYPES),
        not(
          exists(
            selectFrom('outbox as p')
              .select('p.id')
              .where('p.thid', '=', eb.ref('o.thid'))
              .where('p.status', '=', 'queued')
              .where('p.type', 'not in', PROTOCOL_TYPES)
              .where((w) =>
                w.or([
                  w('p.created', '<', w.ref('o.created')),
                  and([w('p.created', '=', w.ref('o.created')), w('p.id', '<', w.ref('o.id'))]),
                ]),
              ),
          ),
        ),
      ]),
    )
    .orderBy('o.created')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

/** Stores the sealed envelope once; a later call keeps the first (retries publish the same bytes). */
export async function saveSealed(db: Db, id: string, jws: string, envelopeHash: string): Promise<void> {
  await db.updateTable('outbox').set({ jws, envelope_hash: envelopeHash }).where('id', '=', id).where('jws', 'is', null).execute();
}

/**
 * `saveSealed` for many messages in one transaction (one fsync for a relay round); `also` runs
 * in that transaction for each (the evidence log).
 */
export async function saveSealedAll<S extends { id: string; jws: string; envelopeHash: string }>(
  db: Kysely<AgencyDatabase>,
  sealed: readonly S[],
  also?: (trx: Transaction<AgencyDatabase>, s: S) => Promise<void>,
): Promise<void> {
  if (sealed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const s of sealed) {
      await saveSealed(trx, s.id, s.jws, s.envelopeHash);
      await also?.(trx, s);
    }
  });
}

/**
 * Marks messages `published` with their stream sequence, all in one transaction, committed
 * without waiting for an fsync (`commitWithoutFsync`): it becomes durable with the node's next
 * fsynced commit. A power cut before that can only take a message back to `queued`, and the
 * relay then publishes the bytes it stored before the first publish again, with the same
 * `Nats-Msg-Id`; the recipient's inbox keeps one. One fsync less per relay round, and the event
 * loop is not held for it (better-sqlite3 commits synchronously).
 */
export async function markPublished(db: Kysely<AgencyDatabase>, acks: readonly { id: string; streamSeq: number }[], at: string): Promise<void> {
  if (acks.length === 0) return;
  await commitWithoutFsync(db, async (trx) => {
    for (const { id, streamSeq } of acks) {
      // One statement in the usual case: the message was still queued.
      const moved = await trx
        .updateTable('outbox')
        .set({ status: 'published', last_error: null, stream_seq: streamSeq, updated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (moved.numUpdatedRows > 0n) await event(trx, id, 'published', at, `stream seq ${streamSeq}`);
      // A reply that came first already recorded `published` (see settle): the sequence is still kept.
      else await trx.updateTable('outbox').set({ stream_seq: streamSeq, updated_at: at }).where('id', '=', id).execute();
    }
  });
}

/**
 * When the earliest queued message falls due (its `next_attempt_at`), or undefined when none is
 * queued: how long the relay may rest (a message held behind an older one of its thread, or for
 * an attachment, may be due already). Reads only the `outbox_due` index.
 */
export async function nextQueuedAt(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'queued').executeTakeFirst();
  return row?.at ?? undefined;
}

/** Records a failed publish attempt and when to try again. */
export async function scheduleRetry(db: Db, id: string, attempts: number, nextAt: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ attempts, next_attempt_at: nextAt, last_error: error })
    .where('id', '=', id)
    .execute();
}

/**
 * Makes every queued message whose publish failed due now (the broker is back: the backoff
 * that spaced the attempts while it was away would only delay them); answers how many. Rows
 * held for an attachment (no failed publish) keep their time. Uses the `outbox_due` index.
 */
export async function retryFailedPublishesNow(db: Db, now: string): Promise<number> {
  const moved = await db
    .updateTable('outbox')
    .set({ next_attempt_at: now })
    .where('status', '=', 'queued')
    .where('next_attempt_at', '>', now)
    .where('attempts', '>', 0)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/** Gives up on a queued message (expired, no key to seal it to), with the reason. */
export async function markFailed(db: Db, id: string, reason: string, at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('outbox')
      .set({ status: 'failed', problem_detail: reason, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (moved.numUpdatedRows > 0n) await event(trx, id, 'failed', at, reason);
  });
}

/** What a verified receipt or problem says about a message this agency sent. */
export interface Settlement {
  forId: string;
  /** The agency the receipt or problem came from: it must be the one the message went to. */
  from: string;
  status: 'delivered' | 'rejected';
  by: string;
  at: string;
  code?: string;
  detail?: string;
  /** For a receipt: the hash of the envelope the recipient says it received. */
  envelope?: string;
}

/**
 * Applies a receipt or problem. Returns what happened: `settled`; `unknown` (no such message
 * sent to that agency: recorded and ignored); `kept` (already settled: the first word stands);
 * `mismatch` (a receipt for bytes other than the ones sent: recorded, not trusted).
 */
export async function settle(db: Db, s: Settlement, atRest: AtRest): Promise<'settled' | 'unknown' | 'kept' | 'mismatch'> {
  // The row that went to the replying agency: the message itself, or its copy to a third party.
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'status', 'envelope_hash'])
    .where((eb) => eb.or([eb('id', '=', s.forId), eb('copy_of', '=', s.forId)]))
    .where('to_agency', '=', s.from)
    .executeTakeFirst();
  if (!row) return 'unknown';
  // The problem's detail is the counterpart's free text about the case: sealed in the row, not in the history.
  const detail = s.status === 'delivered' ? `receipt ${s.by}` : `problem ${s.by}: ${s.code}`;
  const decision = decideSettlement(row.status, row.envelope_hash, s);
  if (decision.kind === 'mismatch') {
    await event(db, row.id, row.status, s.at, `ignored receipt ${s.by}: it names envelope ${s.envelope}, not the one sent`);
    return 'mismatch';
  }
  if (decision.kind === 'kept') {
    await event(db, row.id, row.status, s.at, `ignored ${detail}`);
    return 'kept';
  }
  // The reply proves the stream had it, even if its ack is not recorded yet: keep the history
  // in the order things happened (queued, published, then delivered or rejected).
  if (decision.publishedFirst) await event(db, row.id, 'published', s.at, 'the reply came before the stream ack was recorded');
  await db
    .updateTable('outbox')
    .set({
      status: s.status,
      settled_by: s.by,
      problem_code: s.code ?? null,
      problem_detail: s.detail === undefined ? null : atRest.seal(s.detail),
      updated_at: s.at,
    })
    .where('id', '=', row.id)
    .execute();
  await event(db, row.id, s.status, s.at, detail);
  return 'settled';
}

/** One sent message. */
export function findOutbox(db: Db, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A sent message's status history, oldest first. */
export function outboxEvents(db: Db, id: string) {
  return db.selectFrom('outbox_events').select(['status', 'at', 'detail']).where('message_id', '=', id).orderBy('seq').execute();
}

/** Counts by status and type, for metrics. */
export function outboxCounts(db: Db) {
  return db
    .selectFrom('outbox')
    .select(['status', 'type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['status', 'type'])
    .execute();
}

/** Messages still queued (not yet acknowledged by the stream), for metrics; uses the `outbox_due` index. */
export async function outboxDepth(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'queued').executeTakeFirstOrThrow();
  return Number(row.n);
}
