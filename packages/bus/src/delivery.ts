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
}

/** What the handler decided: done, try again later, or never again. */
export type Verdict = 'ack' | 'nak' | 'term';

/** Handles one delivery; resolves once its effects are committed. */
export type DeliveryHandler = (delivery: Delivery) => Promise<Verdict>;

export function toDelivery(msg: JsMsg): Delivery {
  const msgId = msg.headers?.get('Nats-Msg-Id');
  return {
    subject: msg.subject,
    data: msg.data,
    ...(msgId ? { msgId } : {}),
    streamSeq: msg.info.streamSequence,
    streamTime: new Date(Math.floor(msg.info.timestampNanos / 1e6)),
    deliveryCount: msg.info.deliveryCount,
    pending: msg.info.pending,
  };
}
