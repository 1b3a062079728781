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
  /**
   * The broker's count: 1 on first delivery, more on redelivery. nats-server 2.9.10 also counts
   * deliveries that never arrived (a link cut under them), so it may jump; `final` does not
   * rely on it.
   */
  deliveryCount: number;
  /** Messages left for this consumer after this one. */
  pending: number;
  /**
   * True on the consumer's last try of this message (`ConsumeOptions.lastTry`, or the broker's
   * `max_deliver`): the handler should settle it now (the inbox quarantines what it cannot
   * store). A `'nak'` or a throw still brings it back later, final again, unless the broker's
   * `max_deliver` ran out.
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

/** The delivery as handed to handlers; `final` as the consumer decided it. */
export function toDelivery(msg: JsMsg, final = false): Delivery {
  const msgId = msg.headers?.get('Nats-Msg-Id');
  return {
    subject: msg.subject,
    data: msg.data,
    ...(msgId ? { msgId } : {}),
    streamSeq: msg.info.streamSequence,
    streamTime: new Date(Math.floor(msg.info.timestampNanos / 1e6)),
    deliveryCount: msg.info.deliveryCount,
    pending: msg.info.pending,
    final,
  };
}
