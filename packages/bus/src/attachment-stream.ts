import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type StreamConfig, type StreamInfo } from 'nats';
import { BusError, isNotFound } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { placed } from './stream.ts';
import { attachmentStreamName, attachmentStreamSubject, legacyAttachmentStreamName } from './attachment-subjects.ts';

/** Options of {@link ensureAttachmentStream}. */
export interface EnsureAttachmentStreamOptions {
  /** 1 for one server, 3 for a production cluster. */
  replicas?: number;
  /**
   * The sender's quota at the recipient: bytes its stream may hold; past it the sender's new
   * parts are refused (nothing is dropped) until the recipient has fetched and removed some.
   * {@link DEFAULT_ATTACHMENT_QUOTA_BYTES} by default.
   */
  maxBytes?: number;
}

/** Largest part message; parts are 256 KiB of ciphertext plus headers. */
export const ATTACHMENT_MAX_MSG_SIZE = 300 * 1024;

/**
 * One sender's quota at one recipient: 256 MiB, a dozen 20 MiB files waiting to be fetched.
 * A recipient removes each file once it has verified and stored it, so the quota bounds what
 * waits, not what a year carries. JetStream reserves every stream's limit against the disk it
 * may use (75 % of what is free), so a federation's pairs together must fit there.
 */
export const DEFAULT_ATTACHMENT_QUOTA_BYTES = 256 * 1024 ** 2;

/**
 * Creates (or updates) the attachment stream of the pair `from` → `to`:
 * `mou.v1.att.<to>.<from>.*`, file storage, kept until the recipient removes it, at most
 * `maxBytes` (then new parts refused), **no rollup headers, no message delete**; purge is
 * allowed by the stream and the broker's permissions give it to the recipient alone
 * (`removeAttachment`). Direct get on, for the recipient's reads. Needs the admin's
 * stream-management permission. Idempotent.
 *
 * @example
 * await ensureAttachmentStream(admin, 'la-mlsw', 'th-msdhs');
 */
export async function ensureAttachmentStream(bus: Bus, to: string, from: string, opts: EnsureAttachmentStreamOptions = {}): Promise<StreamInfo> {
  const name = attachmentStreamName(to, from);
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: [attachmentStreamSubject(to, from)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_age: 0,
    max_msgs: -1,
    max_bytes: opts.maxBytes ?? DEFAULT_ATTACHMENT_QUOTA_BYTES,
    max_msg_size: ATTACHMENT_MAX_MSG_SIZE,
    duplicate_window: nanos(10 * 60_000),
    num_replicas: opts.replicas ?? 1,
    allow_rollup_hdrs: false,
    deny_delete: true,
    deny_purge: false,
    allow_direct: true,
  };
  try {
    const jsm = await bus.jsm();
    try {
      const current = await jsm.streams.info(name);
      const same = (Object.keys(config) as (keyof StreamConfig)[]).every((k) => JSON.stringify(current.config[k]) === JSON.stringify(config[k]));
      return same ? current : await placed(() => jsm.streams.update(name, config));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return await placed(() => jsm.streams.add(config));
    }
  } catch (error) {
    throw new BusError('setup-failed', `cannot set up stream ${name}: ${String(error)}`, { cause: error });
  }
}

/**
 * The attachment streams of every sender to `to` ({@link ensureAttachmentStream} for each).
 * First removes `to`'s stream from before per-pair quotas (`MOU_ATT_<to>`, whose subjects
 * overlap) if it is empty; one that still holds parts is refused with `config-conflict`, so no
 * file is dropped unseen: let its recipient fetch them, then remove it.
 *
 * @example
 * await ensureAttachmentStreams(admin, 'la-mlsw', ['th-msdhs', 'th-rtp']);
 */
export async function ensureAttachmentStreams(bus: Bus, to: string, senders: readonly string[], opts: EnsureAttachmentStreamOptions = {}): Promise<void> {
  const legacy = legacyAttachmentStreamName(to);
  const jsm = await bus.jsm();
  const old = await jsm.streams.info(legacy).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw new BusError('setup-failed', `cannot read stream ${legacy}: ${String(error)}`, { cause: error });
  });
  if (old && old.state.messages > 0) {
    throw new BusError('config-conflict', `stream ${legacy} still holds ${old.state.messages} attachment parts from before per-sender quotas: let ${to} fetch them, then delete the stream`);
  }
  if (old) await jsm.streams.delete(legacy);
  for (const from of senders) await ensureAttachmentStream(bus, to, from, opts);
}

/** How full one sender's attachment quota at one recipient is. */
export interface AttachmentStreamUse {
  /** Bytes held (parts waiting to be fetched). */
  bytes: number;
  /** The quota. */
  maxBytes: number;
}

/**
 * How full the pair's stream is, for the fill alert (`STREAM.INFO` of that stream: the
 * broker lets only its recipient and its sender read it).
 *
 * @example
 * const { bytes, maxBytes } = await attachmentStreamUse(bus, 'la-mlsw', 'th-msdhs');
 */
export async function attachmentStreamUse(bus: Bus, to: string, from: string): Promise<AttachmentStreamUse> {
  const name = attachmentStreamName(to, from);
  try {
    const info = await (await bus.jsm()).streams.info(name);
    return { bytes: info.state.bytes, maxBytes: info.config.max_bytes };
  } catch (error) {
    throw new BusError(isNotFound(error) ? 'not-found' : 'setup-failed', `cannot read stream ${name}: ${String(error)}`, { cause: error });
  }
}
