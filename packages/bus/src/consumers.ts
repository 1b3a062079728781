import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type ConsumerInfo,
} from 'nats';
import { BusError, isNotFound } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { inboxConsumerName, inboxFilterSubject, STREAM } from './subjects.ts';

/**
 * How long the server waits for a delivered message's ack before it delivers it again. What a
 * consumer that died (a node killed, a server gone with its connection) held comes back after
 * this: it was 30 s, and a node SIGKILLed mid-traffic had its peer's last messages wait that long
 * (the faults test: 45 s for 1,000 notes, 21 s at 10 s). A handler keeps its message alive while
 * it runs (`working()` every 3 s, consume.ts), so a slow one is not delivered twice.
 */
const ACK_WAIT_MS = 10_000;

/**
 * Tries a node's inbox gives one message before it settles it for good: the handler sees its
 * last try as `Delivery.final` and quarantines the message then, so a poison message ends in
 * the quarantine instead of being redelivered forever. With the growing nak delay
 * ({@link nakDelayFor}) the tries span about 7 minutes, which a node restart or a brief
 * database fault does not use up.
 *
 * The node counts these tries itself ({@link consumeInbox}); the broker's consumer has no
 * delivery limit. nats-server 2.9.10 (fixed later: nats-server#4472, #5338) counts a delivery it
 * knows failed (the leaf or route connection to the puller closing under it) and puts the
 * message back at once, to the next waiting pull down the same dead connection: a leaf's
 * uplink cut mid-delivery burned all of a message's deliveries in 2 ms, and the broker then
 * dropped it from the consumer as if settled, never handed to the node (issue 18,
 * `leaf-cut.test.ts`).
 */
export const INBOX_MAX_DELIVER = 12;

/**
 * Creates durable pull consumer `inbox-<agency>` on `mou.v1.msg.<agency>.>` (explicit ack,
 * 30 s ack wait, no broker-side delivery limit, from the first message), or brings an older
 * one's ack wait and delivery limit to these. Idempotent. The node's own limit is
 * {@link INBOX_MAX_DELIVER}.
 *
 * @example
 * await ensureInboxConsumer(bus, 'la-mlsw');
 */
export function ensureInboxConsumer(bus: Bus, agency: string): Promise<ConsumerInfo> {
  return ensureDurable(bus, inboxConsumerName(agency), -1, inboxFilterSubject(agency));
}

/**
 * Creates a durable pull consumer over the whole stream, for the audit service. Idempotent.
 *
 * @example
 * await ensureAuditConsumer(bus);
 */
export function ensureAuditConsumer(bus: Bus, durable = 'audit'): Promise<ConsumerInfo> {
  // The audit records every envelope it can parse and skips the rest itself: unlimited tries.
  return ensureDurable(bus, durable, -1);
}

/**
 * Messages a durable consumer still has to finish: not yet delivered plus delivered
 * and not yet acknowledged. For metrics and readiness.
 *
 * @example
 * const backlog = await consumerPending(bus, inboxConsumerName('la-mlsw'));
 */
export async function consumerPending(bus: Bus, durable: string): Promise<number> {
  try {
    const info = await (await bus.jsm()).consumers.info(STREAM, durable);
    return info.num_pending + info.num_ack_pending;
  } catch (error) {
    const code = isNotFound(error) ? 'not-found' : 'setup-failed';
    throw new BusError(code, `cannot read consumer ${durable}: ${String(error)}`, { cause: error });
  }
}

async function ensureDurable(bus: Bus, durable: string, maxDeliver: number, filter?: string): Promise<ConsumerInfo> {
  const wanted: Partial<ConsumerConfig> = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ACK_WAIT_MS),
    max_deliver: maxDeliver,
    deliver_policy: DeliverPolicy.All,
    ...(filter ? { filter_subject: filter } : {}),
  };
  try {
    const jsm = await bus.jsm();
    let current: ConsumerInfo;
    try {
      current = await jsm.consumers.info(STREAM, durable);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return await jsm.consumers.add(STREAM, wanted);
    }
    const c = current.config;
    if (
      (c.filter_subject ?? '') !== (filter ?? '') ||
      c.ack_policy !== AckPolicy.Explicit ||
      c.deliver_subject !== undefined
    ) {
      throw new BusError('config-conflict', `consumer ${durable} exists with other settings`);
    }
    if (c.ack_wait !== wanted.ack_wait || c.max_deliver !== wanted.max_deliver) {
      return await jsm.consumers.update(STREAM, durable, {
        ack_wait: wanted.ack_wait,
        max_deliver: maxDeliver,
      });
    }
    return current;
  } catch (error) {
    if (error instanceof BusError) throw error;
    throw new BusError('setup-failed', `cannot set up consumer ${durable}: ${String(error)}`, {
      cause: error,
    });
  }
}
