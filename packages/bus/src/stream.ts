import {
  DiscardPolicy,
  ErrorCode,
  type JetStreamAccountStats,
  type JetStreamManager,
  nanos,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from 'nats';
import { BusError, isNotFound } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { senderApiPrefix, senderDeliverSubject, senderStreamName, STREAM, SUBJECT_PREFIX } from './subjects.ts';

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
  /**
   * Per-sender accounts (the generated broker configuration, `infra`'s `natsAuthorization`):
   * the agencies that publish. Each gets its quota stream `MOU_OUT_<id>` in its account
   * `OUT_<id>`, as large as that account's JetStream storage limit, and MOU_V1 sources them all.
   * Leave out on a server without accounts: there a subject mapping (the test kit's
   * `OPEN_BROKER_MAPPING`) carries `mou.v1.out.>` straight into MOU_V1.
   */
  senders?: readonly string[];
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
 * A sender's quota when its account sets none: 256 MiB, so that eight senders together fit in
 * MOU_V1's 2 GiB. The generated broker configuration sets each account's limit (`max_file`).
 */
export const DEFAULT_SENDER_QUOTA_BYTES = 256 * 1024 ** 2;

/**
 * Creates stream MOU_V1 (`mou.v1.msg.>`, file storage, limits retention kept forever up to
 * `maxBytes`, then new messages refused) or updates it to these settings. Idempotent.
 * With `senders` (per-sender accounts), first each sender's quota stream, which MOU_V1 sources:
 * a sender past its quota is refused (`maximum bytes exceeded`) while every other sender's
 * messages go on; each sender's stream keeps what it published (its quota is over the stream's
 * life, as MOU_V1's is), so the quotas together bound what MOU_V1 must hold.
 *
 * @example
 * await ensureStream(bus, { replicas: 3, senders: ['la-mlsw', 'th-msdhs'] });
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
    ...(opts.senders ? { sources: opts.senders.map((f) => ({ name: senderStreamName(f), external: { api: senderApiPrefix(f), deliver: senderDeliverSubject(f) } })) } : {}),
  };
  try {
    // Side by side: each is a few round trips (the launcher waits on them before any node starts).
    await Promise.all((opts.senders ?? []).map((f) => ensureSenderStream(bus, f, { ...opts, duplicateWindowMs })));
    const jsm = await bus.jsm();
    try {
      const current = await jsm.streams.info(STREAM);
      if (!differs(current.config, config)) return current;
      return await placed(() => jsm.streams.update(STREAM, config));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return await placed(() => jsm.streams.add(config));
    }
  } catch (error) {
    if (error instanceof BusError) throw error;
    throw new BusError('setup-failed', `cannot set up stream ${STREAM}: ${String(error)}`, {
      cause: error,
    });
  }
}

/** `from`'s quota stream in its own account, reached through the hub account's import of its API. */
async function ensureSenderStream(bus: Bus, from: string, opts: EnsureStreamOptions & { duplicateWindowMs: number }): Promise<void> {
  const name = senderStreamName(from);
  let jsm;
  let quota: number;
  try {
    jsm = await senderJsm(bus, from);
    const limit = (await accountInfoSoon(jsm)).limits.max_storage;
    // A clustered account's limit counts every copy of the stream.
    quota = limit > 0 ? Math.floor(limit / (opts.replicas ?? 1)) : DEFAULT_SENDER_QUOTA_BYTES;
  } catch (error) {
    throw new BusError('setup-failed', `cannot reach the JetStream of ${from}'s sender account (${senderApiPrefix(from)}): is the broker configured with per-sender accounts, and ${from} in the directory it was generated from? ${String(error)}`, { cause: error });
  }
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: [`${SUBJECT_PREFIX}.*.${from}`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_age: 0,
    max_msgs: -1,
    max_bytes: quota,
    max_msg_size: opts.maxPayload ?? DEFAULT_STREAM_MAX_MESSAGE_BYTES,
    duplicate_window: nanos(opts.duplicateWindowMs),
    num_replicas: opts.replicas ?? 1,
  };
  try {
    const current = await jsm.streams.info(name);
    if (differs(current.config, config)) await placed(() => jsm.streams.update(name, config));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await placed(() => jsm.streams.add(config));
  }
}

/**
 * Creates or updates a stream, asking again for up to ~10 s while a cluster that has just
 * started answers `no suitable peers for placement` (10005): its meta leader is elected before
 * every peer has reported in.
 */
export async function placed<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (attempt >= 20 || (error as { api_error?: { err_code?: number } }).api_error?.err_code !== 10005) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * The account's JetStream info, asked up to four times (5 s each): just after a configuration reload that
 * adds an agency, nats-server may take seconds to answer through a sender account's import.
 */
async function accountInfoSoon(jsm: JetStreamManager): Promise<JetStreamAccountStats> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await jsm.getAccountInfo();
    } catch (error) {
      if (attempt >= 4 || (error as { code?: string }).code !== ErrorCode.Timeout) throw error;
    }
  }
}

function differs(current: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return (Object.keys(wanted) as (keyof StreamConfig)[]).some((key) =>
    key === 'sources'
      ? JSON.stringify((current.sources ?? []).map((x) => [x.name, x.external?.api, x.external?.deliver])) !== JSON.stringify((wanted.sources ?? []).map((x) => [x.name, x.external?.api, x.external?.deliver]))
      : JSON.stringify(current[key]) !== JSON.stringify(wanted[key]),
  );
}

/** The JetStream manager of `from`'s sender account, through the hub account's import of its API. */
function senderJsm(bus: Bus, from: string, timeout?: number): Promise<JetStreamManager> {
  return bus.nc.jetstreamManager({ apiPrefix: senderApiPrefix(from), checkAPI: false, ...(timeout ? { timeout } : {}) });
}

/** How much of its quota a sender has used (its stream `MOU_OUT_<from>`), for operators. */
export interface SenderStreamUse {
  messages: number;
  bytes: number;
  maxBytes: number;
}

/**
 * What `from`'s quota stream holds, or undefined on a server without per-sender accounts (or
 * for an agency that has none). Needs the admin's reach into the sender's account.
 *
 * @example
 * const use = await senderStreamUse(admin, 'th-rtp'); // { messages: 40, bytes: 82_000, maxBytes: 268_435_456 }
 */
export async function senderStreamUse(bus: Bus, from: string): Promise<SenderStreamUse | undefined> {
  const jsm = await senderJsm(bus, from, 2_000);
  try {
    const { state, config } = await jsm.streams.info(senderStreamName(from));
    return { messages: state.messages, bytes: state.bytes, maxBytes: config.max_bytes };
  } catch (error) {
    if (isNotFound(error) || (error as { code?: string }).code === ErrorCode.Timeout || (error as { code?: string }).code === ErrorCode.NoResponders) return undefined;
    throw error;
  }
}

/**
 * Empties `from`'s quota stream (its copies in MOU_V1 are purged apart), so that its quota is
 * free again; 0 if it has none. An operator's step after a flood (`mou nats purge`).
 */
export async function purgeSenderStream(bus: Bus, from: string): Promise<number> {
  if (!(await senderStreamUse(bus, from))) return 0;
  const jsm = await senderJsm(bus, from);
  return (await jsm.streams.purge(senderStreamName(from))).purged;
}
