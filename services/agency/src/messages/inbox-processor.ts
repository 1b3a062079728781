import type { Kysely } from 'kysely';
import { parseMessageSubject, type Delivery } from '@mou-hub/bus';
import {
  ID_IN_USE,
  UUID_V7,
  envelopeHash,
  isProtocolType,
  open,
  seal,
  type Directory,
  type OpenedMessage,
  type Problem,
} from '@mou-hub/protocol';
import { errorForLog, type Logger } from '@mou-hub/service-kit';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyKeys } from '../platform/keys.ts';
import type { NodeMetrics } from '../metrics.ts';
import { inboxRow, sealInputOf } from './message-row.ts';
import { inboxByEnvelope, inboxEnvelopeHash, insertInbox } from './inbox-store.ts';
import { queueMessage, settle, type NewOutboxMessage } from './outbox-store.ts';
import { trackTranslations } from '../translations/translation-inbox.ts';
import { insertQuarantine, quarantinedRaw } from './quarantine-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { rebuildCaseAfterRejection } from '../cases/case-store.ts';
import { checkCaseStep, recordReceivedStep, StepAheadError } from '../cases/received-steps.ts';
import { GroupCommit, type Write } from '@mou-hub/db';
import { problemFor, receiptFor } from './rules/replies.ts';
import { commitFailureDetail, isTransientFailure } from './rules/commit-failure.ts';
import { drainReadiness } from './rules/drain.ts';
import { idInUse } from './thread-store.ts';
import { logEnvelope } from '../evidence/evidence-hooks.ts';

/** What the inbox processor needs from the node. */
export interface InboxProcessorDeps {
  agency: string;
  db: Kysely<AgencyDatabase>;
  keys: AgencyKeys;
  directory: () => Directory;
  log: Logger;
  metrics: NodeMetrics;
  /** Called after a receipt or problem was queued, to wake the outbox relay. */
  onQueued: () => void;
  maxEnvelopeBytes: number;
  skewMs: number;
  /** Seals bodies and raw bytes before they reach the database. */
  atRest: AtRest;
  /** Check 9's largest gap from `created` back to the stream's timestamp; the protocol's default when absent. */
  maxLagMs?: number;
}

/** Most messages committed in one transaction. */
const MAX_BATCH = 64;

/**
 * Runs PROTOCOL.md's checks on each stream message and commits it to the inbox or to
 * quarantine with its receipt or problem in the same transaction; only then may it be acked.
 * Commits are grouped: while more messages are in hand, their writes share one transaction.
 * A read that depends on a queued write (same id, same thread, same bytes) commits the queue
 * first. A transient database failure rejects, and the message is redelivered; a commit that
 * fails for a reason that would recur (a constraint, a rule that throws), or any failure on the
 * consumer's last delivery, quarantines the message instead (answered with a problem when its
 * sender is verified), so a poison message is never redelivered forever.
 */
export class InboxProcessor {
  /** Resolves when the previous message has queued its writes: its successor's turn. */
  private turn: Promise<void> = Promise.resolve();
  private waiting = 0;
  private readonly commits: GroupCommit<AgencyDatabase>;
  /** When a message was last acked or quarantined: `/readyz` tells a backlog that stopped draining. */
  private lastSettledAt = Date.now();

  constructor(private readonly deps: InboxProcessorDeps) {
    this.commits = new GroupCommit(deps.db);
  }

  /**
   * Messages handed over together are opened concurrently (the signature and decryption run
   * side by side), but each reads the database and queues its writes only in its turn, in
   * stream order. The last of a burst commits the group. The answer settles with the commit.
   */
  handle(d: Delivery): Promise<'ack'> {
    this.waiting++;
    const turn = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((resolve) => (release = resolve));
    const step = (async () => {
      try {
        return await this.prepare(d, turn);
      } finally {
        await turn;
        this.waiting--;
        if (this.waiting === 0 || this.commits.size >= MAX_BATCH) await this.commits.flush().catch(() => undefined);
        release();
      }
    })();
    // The commit travels wrapped in an object: resolving with the promise itself would wait for it.
    return step
      .then(
        (queued) => queued.committed.then(() => 'ack' as const, (error: unknown) => this.failed(d, error, queued.opened)),
        (error: unknown) => this.failed(d, error, undefined),
      )
      .then((verdict) => {
        this.lastSettledAt = Date.now();
        return verdict;
      });
  }

  /** The inbox's line in `/readyz`, given the consumer's backlog (undefined: unknown). */
  readiness(pending: number | undefined): { ok: boolean; detail: string } {
    return drainReadiness(pending, this.lastSettledAt, Date.now());
  }

  /**
   * A message that could not be committed: redelivered if the failure may pass (and tries are
   * left); otherwise quarantined with the reason, and answered with a problem when it was
   * opened (its sender verified). Rejects only if the quarantine cannot be written either.
   */
  private async failed(d: Delivery, error: unknown, opened: OpenedMessage | undefined): Promise<'ack'> {
    if (isTransientFailure(error) && !d.final) throw error;
    const detail = commitFailureDetail(error, d.final);
    const problem: Problem = opened
      ? { code: 'invalid-state', detail, verified: true, envelopeHash: opened.envelopeHash, kid: opened.header.kid, signer: opened.payload.from, id: opened.payload.id, payload: opened.payload }
      : { code: 'invalid-state', detail, verified: false, envelopeHash: envelopeHash(d.data) };
    this.deps.log.error({ seq: d.streamSeq, messageId: opened?.payload.id, final: d.final, err: errorForLog(error) }, 'message not stored: quarantined');
    const done = this.quarantine(d, problem, new Date());
    await this.commits.flush();
    await done.committed;
    return 'ack';
  }

  /** Checks one message and, in its turn, queues its writes; `committed` settles with their transaction. */
  private async prepare(d: Delivery, turn: Promise<void>): Promise<{ committed: Promise<void>; opened?: OpenedMessage }> {
    const { db } = this.deps;
    const now = new Date();
    const hash = envelopeHash(d.data);

    // The same bytes again (a resend, or a redelivery after a crash before the ack): answer
    // with a receipt again and store nothing. Read early, without waiting: a hit is final.
    const known = await inboxByEnvelope(db, hash);
    if (known) {
      await turn;
      if (isProtocolType(known.type)) return { committed: Promise.resolve() };
      return this.queue((trx) => queueMessage(trx, receiptFor({ ...known, from: known.from_agency }, hash, now), this.deps.atRest), [], true);
    }

    const started = performance.now();
    const result = await open(d.data, {
      self: this.deps.agency,
      directory: this.deps.directory(),
      keys: this.deps.keys.ring(),
      subject: parseMessageSubject(d.subject),
      now,
      maxBytes: this.deps.maxEnvelopeBytes,
      skewMs: this.deps.skewMs,
      streamTime: d.streamTime,
      ...(this.deps.maxLagMs === undefined ? {} : { maxLagMs: this.deps.maxLagMs }),
      priorEnvelope: async (id) => {
        await turn;
        await this.commits.flushIfPending(hash, `id:${id}`, `thread:${id}`);
        // An id this node already uses otherwise (a case, a thread, a message it sent) is a replay too.
        return (await inboxEnvelopeHash(db, id)) ?? ((await idInUse(db, id)) ? ID_IN_USE : undefined);
      },
      checkState: async (m) => {
        await this.commits.flushIfPending(`thread:${m.payload.thid}`);
        const refused = await checkCaseStep(db, this.deps.agency, m);
        // A third party's step ahead of the one it follows: held (redelivered) until that one is here, refused on the last try.
        if (refused?.early && !d.final) throw new StepAheadError(m.payload.id, refused.detail);
        return refused;
      },
    });
    this.deps.metrics.openSeconds.observe((performance.now() - started) / 1000);
    // A new business message's receipt is signed now, beside the other messages in hand, and
    // written sealed with it: the relay then only publishes it, with no transaction of its own.
    const receipt = result.ok && !result.duplicate && !isProtocolType(result.message.payload.type) ? this.sealedReply(receiptFor(result.message.payload, result.message.envelopeHash, now)) : undefined;
    await turn;

    if (!result.ok) {
      if (!d.final && keyNotYetKnown(result.problem, this.deps.directory(), d.streamTime, now)) throw new KeyNotYetKnownError(result.problem.kid!);
      return this.quarantine(d, result.problem, now);
    }
    const m = result.message;
    if (result.duplicate) return this.queue((trx) => queueMessage(trx, receiptFor(m.payload, m.envelopeHash, now), this.deps.atRest), [], true);
    const keys = [hash, `id:${m.payload.id}`, `thread:${m.payload.thid}`];
    if (isProtocolType(m.payload.type)) return { ...this.settleReply(result.message, d, now, keys), opened: result.message };
    return { ...this.commit(result.message, d, now, keys, receipt ?? this.sealedReply(receiptFor(m.payload, m.envelopeHash, now))), opened: result.message };
  }

  /**
   * A reply sealed before its row is written (`NewOutboxMessage.sealed`); as it was, unsealed,
   * if it cannot be (the relay then seals it, or fails it with the reason). Never rejects.
   */
  private async sealedReply(m: NewOutboxMessage): Promise<NewOutboxMessage> {
    try {
      const created = new Date(m.created);
      const started = performance.now();
      const sealed = await seal(sealInputOf(m, this.deps.agency), { signer: this.deps.keys.signerAt(this.deps.directory(), created) });
      this.deps.metrics.sealSeconds.observe((performance.now() - started) / 1000);
      return { ...m, sealed: { jws: sealed.jws, envelopeHash: sealed.envelopeHash } };
    } catch {
      return m;
    }
  }

  private commit(m: OpenedMessage, d: Delivery, now: Date, keys: string[], receipt: Promise<NewOutboxMessage>) {
    const done = this.queue(
      async (trx) => {
        await insertInbox(trx, inboxRow(m, d, now), this.deps.atRest);
        await logEnvelope(trx, m.jws, 'received', now, m.payload);
        // Translation first: the case's due date, computed with the step, sees a job this commit opens.
        await trackTranslations(trx, { agency: this.deps.agency, directory: this.deps.directory(), atRest: this.deps.atRest }, m.payload, m.body, now);
        await recordReceivedStep(trx, { self: this.deps.agency, atRest: this.deps.atRest, directory: this.deps.directory(), now }, m);
        // Signed while the message was checked: settled by now, or in a moment.
        const reply = await receipt;
        await queueMessage(trx, reply, this.deps.atRest);
        if (reply.sealed) await logEnvelope(trx, reply.sealed.jws, 'sent', now, { type: reply.type, thid: reply.thid });
      },
      keys,
      true,
    );
    void done.committed.then(
      () => this.deps.log.info({ messageId: m.payload.id, from: m.payload.from, type: m.payload.type }, 'message committed'),
      () => undefined,
    );
    return done;
  }

  /** A receipt or problem for a message this agency sent: it is stored, then settles the message. */
  private settleReply(m: OpenedMessage, d: Delivery, now: Date, keys: string[]) {
    const body = m.body as { for: string; code?: string; detail?: string; envelope?: string };
    let outcome = '';
    const done = this.queue(async (trx) => {
      outcome = await settle(trx, {
        forId: body.for,
        from: m.payload.from,
        status: m.payload.type === 'receipt' ? 'delivered' : 'rejected',
        by: m.payload.id,
        at: now.toISOString(),
        code: body.code,
        detail: body.detail,
        envelope: body.envelope,
      }, this.deps.atRest);
      // A second receipt for a message already delivered (the recipient restored a backup and
      // received it again, or answered a resend) is noted in the message's history only: the
      // inbox keeps one receipt per message.
      if (outcome !== 'kept' || m.payload.type !== 'receipt') await insertInbox(trx, inboxRow(m, d, now), this.deps.atRest);
      await logEnvelope(trx, m.jws, 'received', now, m.payload);
      if (outcome === 'settled' && m.payload.type === 'problem') {
        await rebuildCaseAfterRejection(trx, { self: this.deps.agency, atRest: this.deps.atRest, directory: this.deps.directory(), now }, body.for);
      }
    }, keys);
    void done.committed.then(
      () => this.deps.log.info({ messageId: body.for, by: m.payload.id, type: m.payload.type, outcome }, 'reply received'),
      () => undefined,
    );
    return done;
  }

  private quarantine(d: Delivery, p: Problem, now: Date) {
    const payload = p.payload;
    const kept = quarantinedRaw(d.data, p);
    const reply = this.replyTarget(p);
    let replied = false;
    const done = this.queue(async (trx) => {
      const fresh = await insertQuarantine(trx, {
        message_id: p.id ?? null,
        from_agency: payload?.from ?? null,
        kid: p.kid?.slice(0, 128) ?? null,
        code: p.code,
        detail: p.detail,
        verified: p.verified ? 1 : 0,
        received_at: now.toISOString(),
        subject: d.subject,
        stream_seq: d.streamSeq,
        envelope_hash: p.envelopeHash,
        size: d.data.byteLength,
        // Unverifiable or oversize junk keeps a bounded prefix: anyone may send it, to fill the disk.
        raw: this.deps.atRest.seal(kept.raw),
        truncated: kept.truncated,
      });
      if (fresh && reply) {
        await queueMessage(trx, problemFor(reply, p.code, p.detail, now), this.deps.atRest);
        replied = true;
      }
    }, []);
    void done.committed.then(() => {
      if (replied) this.deps.onQueued();
      this.deps.log.warn({ code: p.code, messageId: p.id, signer: p.signer, verified: p.verified, replied }, 'message quarantined');
    }, () => undefined);
    return done;
  }

  /**
   * Who gets a `problem`: the verified signer, and only when the message id could be read
   * from the verified payload, never for a receipt or problem (no loops), and never after
   * `malformed` or `unsupported-version` (the envelope's fields cannot be trusted then).
   * An unverified message gets no reply (no reflection to forgers). The problem travels under
   * an agreement both share (the message's own if it is theirs); with none, there is no reply.
   */
  private replyTarget(p: Problem): { id: string; to: string; agreement: string; thid: string } | undefined {
    const payload = p.payload;
    if (!p.verified || !p.signer || !payload || !p.id) return undefined;
    if (p.code === 'malformed' || p.code === 'unsupported-version') return undefined;
    if (isProtocolType(payload.type)) return undefined;
    const agreement = this.deps.directory().replyAgreement(payload.agreement, this.deps.agency, p.signer);
    if (!agreement) return undefined;
    return { id: p.id, to: p.signer, agreement, thid: UUID_V7.test(payload.thid) ? payload.thid : p.id };
  }

  /** Queues a write; with `wakes`, the relay is woken once it is committed. */
  private queue(write: Write<AgencyDatabase>, keys: string[], wakes = false): { committed: Promise<void> } {
    const committed = this.commits.add(write, keys);
    // Rejections reach the consumer through the returned promise; this only keeps Node from
    // calling one unhandled before the consumer has attached to it.
    committed.catch(() => undefined);
    if (wakes) void committed.then(() => this.deps.onQueued(), () => undefined);
    return { committed };
  }
}

/**
 * How long after the broker received it a message signed with a key unknown here waits for the
 * directory: the follower reads a new version within a second, so a key rotated or an agency
 * joined a moment ago arrives well within it; junk signed with a made-up key is refused after it.
 */
const KEY_WAIT_MS = 5_000;

/**
 * A signing key that no directory version this node holds has heard of may be in a newer one on
 * its way (the sender took it a moment before this node's follower): the message is redelivered
 * (nak with backoff) for `KEY_WAIT_MS` instead of being refused at once. A key the directory
 * knows and refuses (revoked, not yet valid, not a signing key) is refused at once.
 */
function keyNotYetKnown(problem: Problem, directory: Directory, streamTime: Date | undefined, now: Date): boolean {
  const young = streamTime !== undefined && now.getTime() - streamTime.getTime() < KEY_WAIT_MS;
  return young && problem.code === 'unknown-key' && problem.kid !== undefined && directory.ownerOf(problem.kid) === undefined;
}

/** Thrown for a message signed with a key not known here yet: retryable, so the inbox redelivers it. */
class KeyNotYetKnownError extends Error {
  override readonly name = 'KeyNotYetKnownError';
  readonly retryable = true;
  constructor(kid: string) {
    super(`signing key ${kid} is in no directory version held here yet`);
  }
}
