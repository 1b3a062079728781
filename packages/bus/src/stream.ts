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
  /** Largest message the stream accepts, in bytes; the server's max_payload by default. */
  maxPayload?: number;
}

const MIN_DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Creates stream MOU_V1 (`mou.v1.msg.>`, file storage, limits retention with no limits,
 * so messages are kept forever) or updates it to these settings. Idempotent.
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
    discard: DiscardPolicy.Old,
    max_age: 0,
    max_msgs: -1,
    max_bytes: -1,
    max_msg_size: opts.maxPayload ?? -1,
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
