/**
 * The one mapping between a message and its row: what the inbox stores of an opened message,
 * what the outbox stores of a queued one, and what the relay seals from an outbox row. Bodies
 * rest sealed (`AtRest`); every column name is spelled here and in the schema only.
 */
import type { Delivery } from '@mou-hub/bus';
import type { MessageType, OpenedMessage } from '@mou-hub/protocol';
import type { AtRest } from '../platform/at-rest.ts';
import type { InboxRow } from './inbox-store.ts';
import type { NewOutboxMessage, OutboxRow } from './outbox-store.ts';

/**
 * The inbox row of an opened message, its body as clear JSON text (`insertInbox` seals it).
 * @example await insertInbox(trx, inboxRow(opened, delivery, new Date()), atRest);
 */
export function inboxRow(m: OpenedMessage, d: Pick<Delivery, 'streamSeq'>, now: Date): InboxRow {
  const p = m.payload;
  return {
    id: p.id,
    from_agency: p.from,
    agreement: p.agreement,
    type: p.type,
    thid: p.thid,
    reply_to: p.replyTo ?? null,
    lang: p.lang ?? null,
    created: p.created,
    expires: p.expires ?? null,
    received_at: now.toISOString(),
    body: JSON.stringify(m.body),
    // Checked against the digest by open(); kept, it would let the body confirm a guessed name.
    salt: null,
    stats: p.stats ? JSON.stringify(p.stats) : null,
    envelope_hash: m.envelopeHash,
    stream_seq: d.streamSeq,
  };
}

/** The outbox row of a message queued now: `queued`, due at once (or at `notBefore`), its body sealed. */
export function outboxRow(m: NewOutboxMessage, atRest: AtRest) {
  return {
    id: m.id,
    to_agency: m.to,
    agreement: m.agreement,
    type: m.type,
    thid: m.thid,
    reply_to: m.replyTo ?? null,
    lang: m.lang ?? null,
    body: atRest.seal(JSON.stringify(m.body)),
    stats: m.stats ? JSON.stringify(m.stats) : null,
    expires: m.expires ?? null,
    ref: m.ref ?? null,
    created: m.created,
    status: 'queued' as const,
    attempts: 0,
    next_attempt_at: m.notBefore ?? m.created,
    updated_at: m.created,
    copy_of: m.copyOf ?? null,
    // Sealed already (a receipt, signed beside its message's checks): the relay only publishes it.
    ...(m.sealed ? { jws: m.sealed.jws, envelope_hash: m.sealed.envelopeHash } : {}),
  };
}

/** What `seal` takes of an outbox row sent by `from`, its body opened. */
export function sealInput(row: OutboxRow, from: string, atRest: AtRest) {
  return sealInputOf(
    {
      id: row.id,
      copyOf: row.copy_of ?? undefined,
      to: row.to_agency,
      agreement: row.agreement,
      type: row.type,
      thid: row.thid,
      replyTo: row.reply_to ?? undefined,
      lang: row.lang ?? undefined,
      body: JSON.parse(atRest.open(row.body)) as unknown,
      stats: row.stats ? (JSON.parse(row.stats) as Record<string, number>) : undefined,
      expires: row.expires ?? undefined,
      ref: row.ref ?? undefined,
      created: row.created,
    },
    from,
  );
}

/** What `seal` takes of a message about to be queued by `from` (a receipt sealed before its row is written). */
export function sealInputOf(m: NewOutboxMessage, from: string) {
  return {
    // A copy to a third party of the thread carries the message's own id.
    id: m.copyOf ?? m.id,
    type: m.type as MessageType,
    agreement: m.agreement,
    from,
    to: m.to,
    thid: m.thid,
    replyTo: m.replyTo,
    lang: m.lang,
    body: m.body,
    stats: m.stats,
    expires: m.expires ? new Date(m.expires) : undefined,
    ref: m.ref,
    created: new Date(m.created),
  };
}
