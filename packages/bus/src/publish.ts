import { ErrorCode, type PubAck } from 'nats';
import { BusError } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { messageSubject, STREAM } from './subjects.ts';

/** A message to publish: who to, who from, its id (dedup key) and its bytes. */
export interface OutgoingMessage {
  /** Recipient agency id. */
  to: string;
  /** Sender agency id. */
  from: string;
  /** Message id, sent as `Nats-Msg-Id`. */
  id: string;
  /** Payload (the JWS string or its bytes). */
  data: Uint8Array | string;
}

/** Options of {@link publishMessage}. */
export interface PublishOptions {
  /** How long to wait for the stream's ack; the JetStream client's default (5 s) otherwise. */
  timeoutMs?: number;
}

const encoder = new TextEncoder();

/**
 * Publishes on `mou.v1.msg.<to>.<from>` with `Nats-Msg-Id: <id>`, expecting stream MOU_V1,
 * and resolves with the stream's ack. A repeat of an id inside the duplicate window
 * resolves with `duplicate: true` and the first copy's sequence.
 *
 * @example
 * const ack = await publishMessage(bus, { to: 'th-msdhs', from: 'la-mlsw', id, data: jws });
 * if (!ack.duplicate) markPublished(id, ack.seq);
 */
export async function publishMessage(
  bus: Bus,
  msg: OutgoingMessage,
  opts: PublishOptions = {},
): Promise<PubAck> {
  const subject = messageSubject(msg.to, msg.from);
  const data = typeof msg.data === 'string' ? encoder.encode(msg.data) : msg.data;
  try {
    return await bus.js.publish(subject, data, {
      msgID: msg.id,
      expect: { streamName: STREAM },
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code === ErrorCode.Timeout ? 'timeout' : 'publish-failed';
    throw new BusError(code, `publish ${msg.id} on ${subject} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
