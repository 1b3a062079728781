import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type StreamConfig, type StreamInfo } from 'nats';
import { BusError, isNotFound } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { attachmentStreamName, attachmentStreamSubject } from './attachment-subjects.ts';

/** Options of {@link ensureAttachmentStream}. */
export interface EnsureAttachmentStreamOptions {
  /** 1 for one server, 3 for a production cluster. */
  replicas?: number;
  /**
   * Bytes the stream may hold; past it new parts are refused (nothing old is dropped). 1 GiB by
   * default: JetStream reserves every stream's max_bytes against the disk it may use (75 % of
   * what is free), so eight recipients at 10 GiB each would not start on an ordinary laptop.
   */
  maxBytes?: number;
}

/** Largest part message; parts are 256 KiB of ciphertext plus headers. */
export const ATTACHMENT_MAX_MSG_SIZE = 300 * 1024;
const DEFAULT_MAX_BYTES = 1024 ** 3;

/**
 * Creates (or updates) the attachment stream of agency `to`: `mou.v1.att.<to>.>`, file
 * storage, kept forever, **no rollup headers, no message delete, no purge**, so no sender can
 * erase or replace what another sent; direct get on, for the recipient's reads. Needs the
 * admin's stream-management permission. Idempotent.
 *
 * @example
 * for (const a of agencies) await ensureAttachmentStream(admin, a.id);
 */
export async function ensureAttachmentStream(bus: Bus, to: string, opts: EnsureAttachmentStreamOptions = {}): Promise<StreamInfo> {
  const name = attachmentStreamName(to);
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: [attachmentStreamSubject(to)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_age: 0,
    max_msgs: -1,
    max_bytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    max_msg_size: ATTACHMENT_MAX_MSG_SIZE,
    duplicate_window: nanos(10 * 60_000),
    num_replicas: opts.replicas ?? 1,
    allow_rollup_hdrs: false,
    deny_delete: true,
    deny_purge: true,
    allow_direct: true,
  };
  try {
    const jsm = await bus.jsm();
    try {
      const current = await jsm.streams.info(name);
      const same = (Object.keys(config) as (keyof StreamConfig)[]).every((k) => JSON.stringify(current.config[k]) === JSON.stringify(config[k]));
      return same ? current : await jsm.streams.update(name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return await jsm.streams.add(config);
    }
  } catch (error) {
    throw new BusError('setup-failed', `cannot set up stream ${name}: ${String(error)}`, { cause: error });
  }
}
