import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { BusError, getAttachment, putAttachment, removeAttachment, type Bus } from '@mou-hub/bus';
import { AttachmentError, attachmentRefs, isProtocolType, type Attachment, type Directory } from '@mou-hub/protocol';
import { errorForLog, type Logger } from '@mou-hub/service-kit';
import { afterFetch, type FetchOutcome } from './rules/fetch-decision.ts';
import type { AgencyKeys } from '../platform/keys.ts';
import type { AtRest } from '../platform/at-rest.ts';
import { isSealed, openSealedOrClear } from '../platform/at-rest.ts';
import {
  dueAttachments,
  findAttachment,
  inboxAfter,
  moveScanCursor,
  nextAttemptAt,
  recordAttachment,
  RETRIED_STATES,
  scanCursor,
  settleAttachment,
  type AttachmentRow,
} from './attachment-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { attachmentFile, openFile, receiveToFile, sealToFile } from './files.ts';
import { dueTime, MAX_IDLE_MS, WorkLoop } from '../platform/work-loop.ts';

/** Largest attachment a node takes by default: 20 MiB of plaintext. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** What the attachment service needs from the node. */
export interface AttachmentServiceDeps {
  agency: string;
  db: Kysely<AgencyDatabase>;
  bus: Bus;
  keys: AgencyKeys;
  directory: () => Directory;
  atRest: AtRest;
  log: Logger;
  /** The folder of attachment files (`attachmentFolder(config.database)`). */
  dir: string;
  /** Largest plaintext accepted, sent or received; 20 MiB by default. */
  maxBytes?: number;
  /** Called when an upload finished, so the relay publishes the messages that waited for it. */
  onUploaded?: () => void;
}

/** Why an upload was refused. */
export type UploadRefusal = 'no-encryption-key' | 'attachment-too-large';

/**
 * Attachments of this node: stores an officer's upload (encrypted to the counterpart and to
 * this agency), puts it into the counterpart's stream in the background, finds the attachments
 * of every message received, fetches and verifies them in the background, and opens either kind
 * for download. Each background step is a row in `attachments`, so a restart resumes it.
 */
export class AttachmentService {
  private readonly loop: WorkLoop;
  /** Where the inbox scan is up to; the stored cursor may lag behind it (see scanInbox). */
  private cursor: number | undefined;
  private cursorSavedAt = 0;
  readonly maxBytes: number;

  constructor(private readonly deps: AttachmentServiceDeps) {
    this.maxBytes = deps.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
    // Every round rests after it, until the next try falls due (uploads and fetches retry on
    // their own backoff); an upload stored and a message committed wake it.
    this.loop = new WorkLoop({
      round: async () => (await this.work(), false),
      onError: (err) => this.deps.log.error({ err: errorForLog(err) }, 'attachment round failed'),
      nextDueAt: async () => dueTime(await nextAttemptAt(this.deps.db)),
      maxIdleMs: MAX_IDLE_MS,
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Look for work now (an upload was stored, a message was committed). */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * Encrypts an upload to `counterpart` and to this agency, keeps it, and queues its put.
   * Answers the reference a message body carries. Throws {@link AttachmentError}
   * (`attachment-too-large`, …) or `Error('no-encryption-key')`.
   */
  async store(thid: string, counterpart: string, mediaType: string, plain: Readable): Promise<Attachment> {
    const now = new Date();
    const directory = this.deps.directory();
    const theirs = directory.encryptionKeyFor(counterpart, now);
    const ours = directory.encryptionKeyFor(this.deps.agency, now) ?? this.deps.keys.ring().publicJwks().filter((k) => k.crv === 'X25519').at(-1);
    if (!theirs || !ours) throw new Error('no-encryption-key');
    const sealed = await sealToFile(this.deps.dir, plain, [theirs, ours], this.maxBytes);
    await recordAttachment(
      this.deps.db,
      { ...sealed, direction: 'out', thid, counterpart, mediaType, state: 'stored' },
      now.toISOString(),
      this.deps.atRest,
    );
    this.wake();
    return { name: sealed.name, digest: sealed.digest, size: sealed.size, mediaType };
  }

  /** The plaintext of an attachment held here (sent, or received and verified). */
  open(row: AttachmentRow): Readable {
    const ring = this.deps.keys.ring();
    return openFile(this.deps.dir, row.name, (kid) => ring.decryptionKey(kid));
  }

  /** One pass of every background step; the loop runs it, tests may call it. */
  async work(): Promise<void> {
    await this.uploadDue();
    await this.scanInbox();
    await this.fetchDue();
  }

  private async uploadDue(): Promise<void> {
    for (const row of await dueAttachments(this.deps.db, 'out', RETRIED_STATES.out, new Date().toISOString())) {
      const at = { to: row.counterpart, from: this.deps.agency, name: row.name };
      try {
        const file = attachmentFile(this.deps.dir, row.name);
        await putAttachment(this.deps.bus, at, createReadStream(file), (await stat(file)).size);
        await settleAttachment(this.deps.db, 'out', row.name, { state: 'uploaded', detail: null, attempts: row.attempts + 1, retryAt: null }, new Date().toISOString());
        this.deps.log.info({ attachment: row.name, thid: row.thid, to: row.counterpart }, 'attachment uploaded');
        this.deps.onUploaded?.();
      } catch (err) {
        const retryAt = new Date(Date.now() + Math.min(60_000, 1_000 * 2 ** Math.min(row.attempts, 6))).toISOString();
        const code = err instanceof BusError ? err.code : 'upload-failed';
        await settleAttachment(this.deps.db, 'out', row.name, { state: 'stored', detail: { code }, attempts: row.attempts + 1, retryAt }, new Date().toISOString());
        this.deps.log.warn({ attachment: row.name, code }, 'attachment upload failed; will retry');
      }
    }
  }

  /** Records, for each message committed since the last pass, the attachments it names. */
  private async scanInbox(): Promise<void> {
    this.cursor ??= await scanCursor(this.deps.db);
    const rows = await inboxAfter(this.deps.db, this.cursor);
    if (rows.length === 0) return;
    let recorded = false;
    const now = new Date().toISOString();
    for (const row of rows) {
      if (isProtocolType(row.type)) continue;
      let body: unknown;
      try {
        body = JSON.parse(isSealed(row.body) ? this.deps.atRest.open(row.body) : row.body);
      } catch {
        continue;
      }
      for (const ref of attachmentRefs(body)) {
        // One this agency sent, quoted back: its own file is here already.
        if (await findAttachment(this.deps.db, 'out', ref.name)) continue;
        await recordAttachment(
          this.deps.db,
          { ...ref, direction: 'in', thid: row.thid, counterpart: row.from_agency, messageId: row.id, state: 'fetching' },
          now,
          this.deps.atRest,
        );
        recorded = true;
      }
    }
    this.cursor = rows.at(-1)!.rowid;
    // Stored when this pass recorded an attachment, else every few seconds: a write (an fsync)
    // per pass, one per inbox commit, cost a busy node about 8 % of its time; rows that named no
    // attachment are harmless to read again after a restart.
    if (recorded || Date.now() - this.cursorSavedAt > 5_000) {
      await moveScanCursor(this.deps.db, this.cursor);
      this.cursorSavedAt = Date.now();
    }
  }

  private async fetchDue(): Promise<void> {
    for (const row of await dueAttachments(this.deps.db, 'in', RETRIED_STATES.in, new Date().toISOString())) {
      const outcome = await this.fetch(row);
      const d = afterFetch(row.state, row.attempts, outcome);
      const retryAt = d.retryInMs === null ? null : new Date(Date.now() + d.retryInMs).toISOString();
      await settleAttachment(this.deps.db, 'in', row.name, { state: d.state, detail: d.detail, attempts: row.attempts + 1, retryAt }, new Date().toISOString());
      if (d.state !== row.state) this.deps.log.info({ attachment: row.name, thid: row.thid, state: d.state, ...(d.detail ?? {}) }, 'received attachment');
    }
  }

  /**
   * Verified and stored here: its parts leave the broker, which frees the sender's quota (only
   * the recipient may remove them). A failure is logged and does not undo the fetch; the parts
   * then wait in the sender's quota, which its fill gauge shows.
   */
  private async removeFromBroker(row: AttachmentRow): Promise<void> {
    try {
      await removeAttachment(this.deps.bus, { to: this.deps.agency, from: row.counterpart, name: row.name });
    } catch (err) {
      this.deps.log.warn({ attachment: row.name, from: row.counterpart, err: errorForLog(err) }, 'attachment stored here but not removed from the broker');
    }
  }

  private async fetch(row: AttachmentRow): Promise<FetchOutcome> {
    const ring = this.deps.keys.ring();
    try {
      const source = Readable.from(getAttachment(this.deps.bus, { to: this.deps.agency, from: row.counterpart, name: row.name }));
      await receiveToFile(this.deps.dir, row.name, source, (kid) => ring.decryptionKey(kid), { digest: openSealedOrClear(this.deps.atRest, row.digest), size: row.size });
      await this.removeFromBroker(row);
      return { kind: 'verified' };
    } catch (err) {
      if (err instanceof BusError && (err.code === 'not-found' || err.code === 'incomplete')) return { kind: 'missing', code: err.code };
      if (err instanceof BusError && err.code === 'corrupt') return { kind: 'corrupt', code: 'name-mismatch' };
      if (err instanceof AttachmentError) return { kind: 'corrupt', code: err.code };
      if (err instanceof Error && (err.message === 'digest-mismatch' || err.message === 'size-mismatch')) return { kind: 'corrupt', code: err.message };
      this.deps.log.warn({ attachment: row.name, err: errorForLog(err) }, 'attachment fetch failed; will retry');
      return { kind: 'unavailable' };
    }
  }
}
