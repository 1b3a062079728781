import type { JsMsg } from 'nats';

/** One message handed to a consumer handler. */
export interface Delivery {
  /** `mou.v1.msg.<to>.<from>`. */
  subject: string;
  /** Payload bytes. */
  data: Uint8Array;
  /** The `Nats-Msg-Id` header, if any. */
  msgId?: string;
  /** Sequence in stream MOU_V1: stable across redeliveries. */
  streamSeq: number;
  /** When the stream stored it (its own clock, not the sender's): stable across redeliveries. */
  streamTime: Date;
  /** 1 on first delivery, more on redelivery. */
  deliveryCount: number;
  /** Messages left for this consumer after this one. */
  pending: number;
  /**
   * True on the consumer's last delivery of this message (its `max_deliver`): a `'nak'` or a
   * throw now means the message is never offered again, so the handler must settle it.
   */
  final: boolean;
}

/**
 * How long a `'nak'` waits before the redelivery: `base` doubled on each try, at most a minute,
 * so a message that keeps failing costs a few tries a minute, not one every `base`.
 *
 * @example
 * nakDelayFor(1, 2_000); // 2_000
 * nakDelayFor(4, 2_000); // 16_000
 */
export function nakDelayFor(deliveryCount: number, base: number): number {
  return Math.min(base * 2 ** Math.max(0, Math.min(deliveryCount - 1, 20)), Math.max(base, 60_000));
}

/** What the handler decided: done, try again later, or never again. */
export type Verdict = 'ack' | 'nak' | 'term';

/** Handles one delivery; resolves once its effects are committed. */
export type DeliveryHandler = (delivery: Delivery) => Promise<Verdict>;

/** The delivery as handed to handlers; `maxDeliver` is the consumer's limit (-1: none). */
export function toDelivery(msg: JsMsg, maxDeliver = -1): Delivery {
  const msgId = msg.headers?.get('Nats-Msg-Id');
  return {
    subject: msg.subject,
    data: msg.data,
    ...(msgId ? { msgId } : {}),
    streamSeq: msg.info.streamSequence,
    streamTime: new Date(Math.floor(msg.info.timestampNanos / 1e6)),
    deliveryCount: msg.info.deliveryCount,
    pending: msg.info.pending,
    final: maxDeliver > 0 && msg.info.deliveryCount >= maxDeliver,
  };
}
