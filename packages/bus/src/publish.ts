import { ErrorCode, type PubAck } from 'nats';
import { BusError } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { outSubject, senderStreamName, STREAM } from './subjects.ts';

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
 * Publishes on `mou.v1.out.<to>.<from>` with `Nats-Msg-Id: <id>` and resolves with the stream's
 * ack: from the sender's quota stream `MOU_OUT_<from>` under per-sender accounts, from MOU_V1 on
 * a server without accounts (see `OUT_SUBJECT_PREFIX`); an ack from any other stream is refused.
 * A repeat of an id inside the duplicate window resolves with `duplicate: true` and the first
 * copy's sequence. A sender past its quota gets `publish-failed` (10077, maximum bytes exceeded).
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
  const subject = outSubject(msg.to, msg.from);
  const data = typeof msg.data === 'string' ? encoder.encode(msg.data) : msg.data;
  let ack: PubAck;
  try {
    ack = await bus.js.publish(subject, data, {
      msgID: msg.id,
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code === ErrorCode.Timeout ? 'timeout' : 'publish-failed';
    throw new BusError(code, `publish ${msg.id} on ${subject} failed: ${String(error)}`, {
      cause: error,
    });
  }
  if (ack.stream !== STREAM && ack.stream !== senderStreamName(msg.from)) {
    throw new BusError('publish-failed', `publish ${msg.id} on ${subject} was stored in stream ${ack.stream}, not ${STREAM} or ${senderStreamName(msg.from)}`);
  }
  return ack;
}
