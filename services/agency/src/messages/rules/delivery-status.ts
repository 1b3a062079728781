/**
 * Where a sent message stands on the wire (PROTOCOL.md, sender-side status), and the one rule
 * for moving it: statuses only move forward, so a late stream ack never undoes a receipt and
 * the first receipt or problem stands.
 */

/** Every status, in the order a message can take them. */
export const OUTBOX_STATUSES = ['queued', 'published', 'delivered', 'rejected', 'failed'] as const;
/** One of {@link OUTBOX_STATUSES}. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const RANK: Record<OutboxStatus, number> = { queued: 0, published: 1, delivered: 2, rejected: 2, failed: 2 };

/** What a receipt or problem does to a sent message. */
export type SettlementDecision =
  /** It moves the message to `status`; `publishedFirst`: record `published` before it (the reply beat the stream ack). */
  | { kind: 'settle'; publishedFirst: boolean }
  /** A receipt for other bytes than the ones sent: recorded, not trusted. */
  | { kind: 'mismatch' }
  /** The message is settled already: the first word stands. */
  | { kind: 'kept' };

/**
 * Decides what a verified reply does to a message in `current` status whose sealed envelope
 * hash is `sentHash`. `envelope`: the hash a receipt names (a problem names none).
 * @example decideSettlement('published', 'h1', { status: 'delivered', envelope: 'h1' }); // { kind: 'settle', publishedFirst: false }
 */
export function decideSettlement(
  current: OutboxStatus,
  sentHash: string | null,
  reply: { status: 'delivered' | 'rejected'; envelope?: string | undefined },
): SettlementDecision {
  if (reply.envelope !== undefined && reply.envelope !== sentHash) return { kind: 'mismatch' };
  if (RANK[current] >= RANK[reply.status]) return { kind: 'kept' };
  return { kind: 'settle', publishedFirst: current === 'queued' };
}

/** Whether a message in `current` status may be marked `next` by the relay (publish, fail). */
export function mayMoveTo(current: OutboxStatus, next: OutboxStatus): boolean {
  return RANK[next] > RANK[current];
}
