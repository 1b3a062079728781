import type { ConsumerMessages, JsMsg } from 'nats';
import type { Bus } from './connect.ts';
import { INBOX_MAX_DELIVER } from './consumers.ts';
import { nakDelayFor, toDelivery, type DeliveryHandler, type Verdict } from './delivery.ts';
import { inboxConsumerName, STREAM } from './subjects.ts';

/** Options of {@link consumeDurable} and {@link consumeInbox}. */
export interface ConsumeOptions {
  /** Messages pulled ahead of the handlers; 64 by default. How many are handled at once is `inFlight`. */
  maxMessages?: number;
  /**
   * Handlers started before the oldest one has settled; 1 by default (one at a time). With
   * more, handlers still start in stream order but overlap: a handler that keeps its own
   * ordering (the inbox processor's group commit) then overlaps its waiting.
   */
  inFlight?: number;
  /**
   * Redelivery delay after the first `'nak'` or throw of a message; 2 s by default, doubled on
   * each further try up to a minute ({@link nakDelayFor}).
   */
  nakDelayMs?: number;
  /**
   * The try on which a message is handed over as `Delivery.final`, counted by this consumer
   * (its handler runs, not the broker's delivery count, which deliveries that never arrived
   * can inflate); none by default. The broker's own `max_deliver`, if set, marks its last
   * delivery final too.
   */
  lastTry?: number;
  /** Told about handler errors, lost acks and re-binds (for logs); never required. */
  onError?: (error: unknown) => void;
}

/** A running consumer. */
export interface ConsumerHandle {
  /** Lets the current handler finish and settle, then stops; unhandled messages are nak'd. */
  stop(): Promise<void>;
  /** False once stop() was called. */
  running(): boolean;
}

const WORKING_EVERY_MS = 3_000; // well under the 10 s ack wait (ACK_WAIT_MS)
const BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000];

/**
 * Consumes an existing durable pull consumer of MOU_V1: handlers start in stream order, one at
 * a time unless `inFlight` lets several overlap; each message's handler is awaited, then it acks (waiting for the server's confirmation), naks with a delay or
 * terms. Binds with consumer info only, so no stream-management permission is needed.
 * Survives disconnects and server restarts: if the library gives up, it re-binds with
 * backoff until stop(). Delivery is at least once: handlers must be idempotent.
 *
 * @example
 * const audit = consumeDurable(bus, 'audit', async (d) => {
 *   await recordEnvelope(d.streamSeq, d.data);
 *   return 'ack';
 * });
 * // on shutdown
 * await audit.stop();
 */
export function consumeDurable(
  bus: Bus,
  durable: string,
  handler: DeliveryHandler,
  opts: ConsumeOptions = {},
): ConsumerHandle {
  const report = opts.onError ?? (() => {});
  let stopped = false;
  let messages: ConsumerMessages | undefined;
  let wake: (() => void) | undefined;
  // This process's handler runs per stream sequence, for messages not yet acked or termed.
  const tries = new Map<number, number>();

  const loop = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const consumer = await bus.js.consumers.get(STREAM, durable);
        // Its limit tells handlers which delivery is a message's last (Delivery.final).
        const maxDeliver = (await consumer.info(true)).config.max_deliver ?? -1;
        if (stopped) break;
        // Pulls expire after 5 s, so the server's idle heartbeats (every 2.5 s) tell within
        // seconds that a pull died with the server it was sent to; the library then pulls anew.
        // (At 10 s, the cluster test, a server SIGKILLed every hundred notes, took 44 s; at 5 s, 25 s.)
        messages = await consumer.consume({ max_messages: opts.maxMessages ?? 64, expires: 5_000 });
        if (stopped) messages.stop();
        const window: Promise<void>[] = [];
        for await (const msg of messages) {
          attempt = 0;
          if (stopped) {
            msg.nak(); // hand it back now rather than after the ack wait
            continue;
          }
          // Handlers start in stream order; each message is acked as soon as its own handler is done.
          const seq = msg.info.streamSequence;
          const tried = (tries.get(seq) ?? 0) + 1;
          tries.set(seq, tried);
          const final = (opts.lastTry !== undefined && tried >= opts.lastTry) || (maxDeliver > 0 && msg.info.deliveryCount >= maxDeliver);
          const verdict = run(msg, final, handler, report).then((v) => {
            if (v !== 'nak') tries.delete(seq);
            return v;
          });
          window.push(settle(msg, verdict, nakDelayFor(tried, opts.nakDelayMs ?? 2_000), report));
          if (window.length >= (opts.inFlight ?? 1)) await window.shift();
        }
        await Promise.all(window);
      } catch (error) {
        if (!stopped) report(error);
      }
      messages = undefined;
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    running: () => !stopped,
    async stop() {
      stopped = true;
      messages?.stop(); // not close(): closing after leaving the loop hangs in nats 2.29
      wake?.();
      await loop;
    },
  };
}

/**
 * {@link consumeDurable} on the agency's inbox consumer `inbox-<agency>`; a message's
 * {@link INBOX_MAX_DELIVER}th try (unless `opts.lastTry` says otherwise) is handed over as final.
 *
 * @example
 * const inbox = consumeInbox(bus, 'la-mlsw', async (d) => (await receive(d)) ? 'ack' : 'term');
 */
export function consumeInbox(
  bus: Bus,
  agency: string,
  handler: DeliveryHandler,
  opts: ConsumeOptions = {},
): ConsumerHandle {
  return consumeDurable(bus, inboxConsumerName(agency), handler, { lastTry: INBOX_MAX_DELIVER, ...opts });
}

/** Runs the handler, keeping the ack wait from lapsing meanwhile; a throw counts as `'nak'`. */
async function run(msg: JsMsg, final: boolean, handler: DeliveryHandler, report: (error: unknown) => void): Promise<Verdict> {
  const keepAlive = setInterval(() => msg.working(), WORKING_EVERY_MS);
  try {
    return await handler(toDelivery(msg, final));
  } catch (error) {
    report(error);
    return 'nak';
  } finally {
    clearInterval(keepAlive);
  }
}

async function settle(msg: JsMsg, pending: Promise<Verdict>, nakDelayMs: number, report: (error: unknown) => void): Promise<void> {
  const verdict = await pending;
  if (verdict === 'ack') {
    // A lost ack means a redelivery later, which idempotent handlers absorb.
    await msg.ackAck().catch(report);
  } else if (verdict === 'nak') {
    msg.nak(nakDelayMs);
  } else {
    msg.term();
  }
}
