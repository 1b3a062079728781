import {
  DiscardPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from 'nats';
import { BusError, isNotFound } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { STREAM, SUBJECT_PREFIX } from './subjects.ts';

/** Options of {@link ensureStream}. */
export interface EnsureStreamOptions {
  /** 1 for one server, 3 for a production cluster. */
  replicas?: number;
  /** Dedup window for `Nats-Msg-Id`; at least 10 minutes (the default). */
  duplicateWindowMs?: number;
  /** Largest message the stream accepts, in bytes; {@link DEFAULT_STREAM_MAX_MESSAGE_BYTES} by default. */
  maxPayload?: number;
  /** Most bytes the stream holds; {@link DEFAULT_STREAM_MAX_BYTES} by default. */
  maxBytes?: number;
}

const MIN_DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Largest message of MOU_V1: a node refuses envelopes over 256 KiB (the protocol's check 1),
 * plus room for the headers. Junk larger than any envelope never reaches a recipient.
 */
export const DEFAULT_STREAM_MAX_MESSAGE_BYTES = 256 * 1024 + 4 * 1024;

/**
 * Most bytes MOU_V1 holds: 2 GiB, years of case traffic (files travel in the attachment
 * streams), and a bound on what a flooding account can make the broker store. When full, the
 * stream refuses new messages (discard new) rather than drop unread ones: senders keep theirs
 * in their outbox and retry; an operator removes the flood and raises the limit.
 */
export const DEFAULT_STREAM_MAX_BYTES = 2 * 1024 ** 3;

/**
 * Creates stream MOU_V1 (`mou.v1.msg.>`, file storage, limits retention kept forever up to
 * `maxBytes`, then new messages refused) or updates it to these settings. Idempotent.
 *
 * @example
 * await ensureStream(bus, { replicas: 3 });
 */
export async function ensureStream(bus: Bus, opts: EnsureStreamOptions = {}): Promise<StreamInfo> {
  const duplicateWindowMs = opts.duplicateWindowMs ?? MIN_DUPLICATE_WINDOW_MS;
  if (duplicateWindowMs < MIN_DUPLICATE_WINDOW_MS) {
    throw new BusError('invalid-config', 'the duplicate window must be at least 10 minutes');
  }
  const config: Partial<StreamConfig> & { name: string } = {
    name: STREAM,
    subjects: [`${SUBJECT_PREFIX}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_age: 0,
    max_msgs: -1,
    max_bytes: opts.maxBytes ?? DEFAULT_STREAM_MAX_BYTES,
    max_msg_size: opts.maxPayload ?? DEFAULT_STREAM_MAX_MESSAGE_BYTES,
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: opts.replicas ?? 1,
  };
  try {
    const jsm = await bus.jsm();
    try {
      const current = await jsm.streams.info(STREAM);
      if (!differs(current.config, config)) return current;
      return await jsm.streams.update(STREAM, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return await jsm.streams.add(config);
    }
  } catch (error) {
    if (error instanceof BusError) throw error;
    throw new BusError('setup-failed', `cannot set up stream ${STREAM}: ${String(error)}`, {
      cause: error,
    });
  }
}

function differs(current: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return (Object.keys(wanted) as (keyof StreamConfig)[]).some(
    (key) => JSON.stringify(current[key]) !== JSON.stringify(wanted[key]),
  );
}
