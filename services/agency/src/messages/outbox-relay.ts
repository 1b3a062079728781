import type { Kysely } from 'kysely';
import { publishMessage, type Bus } from '@mou-hub/bus';
import { attachmentRefs, seal, isProtocolType, type Directory } from '@mou-hub/protocol';
import { attachmentReadiness } from '../attachments/attachment-store.ts';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyKeys } from '../platform/keys.ts';
import { errorForLog, type Logger } from '@mou-hub/service-kit';
import type { AgencyDatabase } from '../platform/schema.ts';
import { sealInput } from './message-row.ts';
import { dueMessages, markFailed, markPublished, nextQueuedAt, retryFailedPublishesNow, saveSealedAll, scheduleRetry, type OutboxRow } from './outbox-store.ts';
import { logEnvelope } from '../evidence/evidence-hooks.ts';
import type { NodeMetrics } from '../metrics.ts';
import { rebuildCaseAfterRejection } from '../cases/case-store.ts';
import { retryDelayMs } from '../platform/backoff.ts';
import { dueTime, MAX_IDLE_MS, WorkLoop } from '../platform/work-loop.ts';

/** What the outbox relay needs from the node. */
export interface OutboxRelayDeps {
  agency: string;
  db: Kysely<AgencyDatabase>;
  bus: Bus;
  keys: AgencyKeys;
  directory: () => Directory;
  log: Logger;
  metrics: NodeMetrics;
  /** Opens the bodies stored sealed in the outbox. */
  atRest: AtRest;
  /** Rows taken per round; all of a round is sealed, then published pipelined. */
  batch?: number;
}

/** An envelope sealed in this round, to be stored with its evidence entry. */
type Fresh = { id: string; jws: string; envelopeHash: string; type: string; thid: string };

/**
 * Moves outbox rows to the stream: seal once (the bytes are stored before the first publish,
 * so every retry sends the same envelope), publish with the id as `Nats-Msg-Id`, mark
 * `published` on the stream's ack. No database transaction is ever open across a network call.
 */
export class OutboxRelay {
  private readonly loop: WorkLoop;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: OutboxRelayDeps) {
    this.loop = new WorkLoop({
      round: async () => {
        const rows = await dueMessages(this.deps.db, new Date().toISOString(), this.deps.batch ?? 256);
        if (rows.length > 0) await this.round(rows);
        return rows.length > 0;
      },
      onError: (err) => this.deps.log.error({ err: errorForLog(err) }, 'outbox round failed'),
      // Queuing wakes it; a retry's backoff or a held status is the next due time it rests until.
      nextDueAt: async () => dueTime(await nextQueuedAt(this.deps.db)),
      maxIdleMs: MAX_IDLE_MS,
    });
  }

  start(): void {
    this.loop.start();
    // Back on the broker: what failed while it was away goes now, not when its backoff ends
    // (after a long outage that is up to 30 s later for the messages queued first).
    this.unsubscribe ??= this.deps.bus.onStatus((status) => {
      if (status !== 'connected') return;
      retryFailedPublishesNow(this.deps.db, new Date().toISOString()).then(
        (n) => {
          if (n > 0) this.deps.log.info({ messages: n }, 'broker back: retrying failed publishes now');
          this.wake();
        },
        (err: unknown) => this.deps.log.error({ err: errorForLog(err) }, 'could not reschedule failed publishes'),
      );
    });
  }

  /** Look at the outbox now (a message was just queued). */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.loop.stop();
  }

  isRunning(): boolean {
    return this.loop.isRunning();
  }

  private async round(rows: OutboxRow[]): Promise<void> {
    const fresh: Fresh[] = [];
    const sealed = await Promise.all(rows.map((row) => this.sealed(row, fresh)));
    // The round's new envelopes are stored in one transaction (one fsync, not one each), and
    // before any of them is published: every retry sends the same bytes. Each enters the
    // evidence log in that same transaction (with the type and thread the row holds: the
    // envelope's payload is not decoded again).
    const at = new Date();
    await saveSealedAll(this.deps.db, fresh, (trx, s) => logEnvelope(trx, s.jws, 'sent', at, { type: s.type, thid: s.thid }));
    // Publishes start in outbox order on one connection; their acks are awaited together and
    // recorded in one transaction.
    const acks = await Promise.all(rows.map((row, i) => (sealed[i] ? this.publish(row, sealed[i]) : undefined)));
    await markPublished(
      this.deps.db,
      acks.filter((a) => a !== undefined),
      new Date().toISOString(),
    );
  }

  /** Marks a message failed; a case step that never left is taken back out of its case (replayed without it). */
  private async fail(row: OutboxRow, reason: string, now: Date): Promise<void> {
    await markFailed(this.deps.db, row.id, reason, now.toISOString());
    if (isProtocolType(row.type)) return;
    const ctx = { self: this.deps.agency, atRest: this.deps.atRest, directory: this.deps.directory(), now };
    await this.deps.db.transaction().execute((trx) => rebuildCaseAfterRejection(trx, ctx, row.id));
  }

  /** The row's envelope, sealed on first use (and added to `fresh`, which the round stores); undefined when the row failed. */
  private async sealed(row: OutboxRow, fresh: Fresh[]): Promise<string | undefined> {
    const now = new Date();
    if (row.expires && Date.parse(row.expires) <= now.getTime()) {
      await this.fail(row, `expired at ${row.expires} before it could be published`, now);
      return undefined;
    }
    if (row.jws) return row.jws;
    if (await this.waitsForAttachments(row)) return undefined;
    const created = new Date(row.created);
    const directory = this.deps.directory();
    const recipientKey = isProtocolType(row.type) ? undefined : directory.encryptionKeyFor(row.to_agency, created);
    if (!isProtocolType(row.type) && !recipientKey) {
      await this.fail(row, `${row.to_agency} has no encryption key valid at ${row.created}`, now);
      return undefined;
    }
    const started = performance.now();
    try {
      const result = await seal(
        sealInput(row, this.deps.agency, this.deps.atRest),
        { signer: this.deps.keys.signerAt(directory, created), ...(recipientKey ? { recipientKey } : {}) },
      );
      this.deps.metrics.sealSeconds.observe((performance.now() - started) / 1000);
      fresh.push({ id: row.id, jws: result.jws, envelopeHash: result.envelopeHash, type: row.type, thid: row.thid });
      return result.jws;
    } catch (err) {
      await this.fail(row, `could not seal: ${(err as Error).message}`, now);
      return undefined;
    }
  }

  /**
   * A message is not published before the attachments it names are in the recipient's stream:
   * it waits, queued. One naming an attachment never uploaded here for that recipient fails.
   */
  private async waitsForAttachments(row: OutboxRow): Promise<boolean> {
    if (isProtocolType(row.type)) return false;
    let names: string[];
    try {
      names = attachmentRefs(JSON.parse(this.deps.atRest.open(row.body))).map((a) => a.name);
    } catch {
      return false; // sealing will fail it with its reason
    }
    const { waiting, unknown } = await attachmentReadiness(this.deps.db, row.to_agency, names);
    const now = new Date();
    if (unknown.length > 0) {
      await this.fail(row, `attachment-unknown: ${unknown.join(' ')} was not uploaded here for ${row.to_agency}`, now);
      return true;
    }
    if (waiting.length === 0) return false;
    const next = new Date(now.getTime() + 500).toISOString();
    await scheduleRetry(this.deps.db, row.id, row.attempts, next, `attachment-pending: ${waiting.length} not yet uploaded`);
    return true;
  }

  /** Publishes one envelope; answers its stream sequence, or schedules a retry and answers undefined. */
  private async publish(row: OutboxRow, jws: string): Promise<{ id: string; streamSeq: number } | undefined> {
    try {
      const ack = await publishMessage(this.deps.bus, { to: row.to_agency, from: this.deps.agency, id: row.id, data: jws });
      return { id: row.id, streamSeq: ack.seq };
    } catch (err) {
      const attempts = row.attempts + 1;
      const next = new Date(Date.now() + retryDelayMs(attempts)).toISOString();
      this.deps.metrics.publishFailures.inc();
      await scheduleRetry(this.deps.db, row.id, attempts, next, (err as Error).message);
      this.deps.log.warn({ messageId: row.id, attempts, err: (err as Error).message }, 'publish failed; will retry');
      return undefined;
    }
  }
}
