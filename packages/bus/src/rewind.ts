import { DeliverPolicy, type ConsumerConfig } from 'nats';
import { BusError, isNotFound } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { inboxConsumerName, STREAM } from './subjects.ts';

/** Where an agency's inbox consumer stands: what a backup records next to the database. */
export interface InboxPosition {
  durable: string;
  /** Every message of the inbox up to this stream sequence is acked, so committed by the node. */
  ackedThrough: number;
  /** Messages not yet delivered plus delivered and not yet acked: the consumer lag. */
  pending: number;
  /** Pull requests waiting: more than 0 means a node is consuming right now. */
  waiting: number;
}

/**
 * Reads an agency's inbox consumer position (needs only the consumer-info permission the node
 * has). A node acks only after its commit, so a copy of its database taken after this read
 * holds every message up to `ackedThrough`.
 *
 * @example
 * const { ackedThrough } = await inboxPosition(bus, 'la-mlsw');
 */
export async function inboxPosition(bus: Bus, agency: string): Promise<InboxPosition> {
  const durable = inboxConsumerName(agency);
  try {
    const info = await (await bus.jsm()).consumers.info(STREAM, durable);
    return {
      durable,
      ackedThrough: info.ack_floor.stream_seq,
      pending: info.num_pending + info.num_ack_pending,
      waiting: info.num_waiting,
    };
  } catch (error) {
    throw new BusError(isNotFound(error) ? 'not-found' : 'setup-failed', `cannot read consumer ${durable}: ${String(error)}`, { cause: error });
  }
}

// What the server fills in or keeps per consumer: a new one must not be given these back.
const SERVER_OWNED: readonly (keyof ConsumerConfig)[] = ['opt_start_seq', 'opt_start_time', 'deliver_policy', 'name'];

/**
 * Puts an agency's inbox consumer back so that its next delivery is stream sequence
 * `fromSeq`: JetStream cannot move a durable's position, so it is deleted and created again
 * with the same settings (filter, ack wait, delivery limit) and `opt_start_seq`. Used by a
 * restore: every message after the backup is received again, and the node stores it once.
 * Needs the permission to delete and create that consumer (the operator's, not the node's),
 * and the node stopped: a consumer with waiting pulls is refused unless `force`.
 *
 * @example
 * await rewindInboxConsumer(admin, 'la-mlsw', backup.inbox.ackedThrough + 1);
 */
export async function rewindInboxConsumer(bus: Bus, agency: string, fromSeq: number, opts: { force?: boolean } = {}): Promise<void> {
  if (!Number.isInteger(fromSeq) || fromSeq < 1) throw new BusError('setup-failed', `not a stream sequence: ${fromSeq}`);
  const durable = inboxConsumerName(agency);
  const jsm = await bus.jsm();
  let config: ConsumerConfig;
  try {
    const info = await jsm.consumers.info(STREAM, durable);
    if (info.num_waiting > 0 && !opts.force) {
      throw new BusError('config-conflict', `consumer ${durable} is being read (${info.num_waiting} waiting pulls): stop the node first`);
    }
    config = info.config;
  } catch (error) {
    if (error instanceof BusError) throw error;
    throw new BusError(isNotFound(error) ? 'not-found' : 'setup-failed', `cannot read consumer ${durable}: ${String(error)}`, { cause: error });
  }
  const kept = Object.fromEntries(Object.entries(config).filter(([k]) => !SERVER_OWNED.includes(k as keyof ConsumerConfig)));
  try {
    await jsm.consumers.delete(STREAM, durable);
    await jsm.consumers.add(STREAM, { ...kept, durable_name: durable, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq });
  } catch (error) {
    throw new BusError('setup-failed', `cannot rewind consumer ${durable} to ${fromSeq}: ${String(error)}`, { cause: error });
  }
}
