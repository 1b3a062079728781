import type { Kysely } from 'kysely';
import { parseMessageSubject, type Delivery } from '@mou-hub/bus';
import {
  AGREEMENT_ID,
  UUID_V7,
  envelopeHash,
  isProtocolType,
  open,
  type Directory,
  type OpenedMessage,
  type Problem,
} from '@mou-hub/protocol';
import type { Logger } from '@mou-hub/service-kit';
import type { AgencyKeys } from './agency-keys.ts';
import { checkThreadStep } from '../domain/thread-rules.ts';
import type { NodeMetrics } from '../metrics.ts';
import { inboxByEnvelope, inboxEnvelopeHash, insertInbox } from '../store/inbox.ts';
import { queueMessage, settle } from '../store/outbox.ts';
import { insertQuarantine } from '../store/quarantine.ts';
import type { AgencyDatabase } from '../store/schema.ts';
import { threadFacts } from '../store/threads.ts';
import { problemFor, receiptFor } from './replies.ts';

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
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Runs PROTOCOL.md's checks on one stream message and commits it to the inbox or to
 * quarantine, with its receipt or problem in the same transaction; only then is it acked.
 * A database failure throws, and the message is redelivered.
 */
export class InboxProcessor {
  constructor(private readonly deps: InboxProcessorDeps) {}

  async handle(d: Delivery): Promise<'ack'> {
    const { db } = this.deps;
    const now = new Date();
    const hash = envelopeHash(d.data);

    // The same bytes again (a resend, or a redelivery after a crash before the ack): answer
    // with a receipt again and store nothing.
    const known = await inboxByEnvelope(db, hash);
    if (known) {
      if (!isProtocolType(known.type)) await this.queue(receiptFor({ ...known, from: known.from_agency }, hash, now));
      return 'ack';
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
      priorEnvelope: (id) => inboxEnvelopeHash(db, id),
      checkState: async (m) => checkThreadStep(await threadFacts(db, m.payload.thid), m.payload),
    });
    this.deps.metrics.openSeconds.observe((performance.now() - started) / 1000);

    if (!result.ok) await this.quarantine(d, result.problem, now);
    else if (result.duplicate) await this.queue(receiptFor(result.message.payload, result.message.envelopeHash, now));
    else if (isProtocolType(result.message.payload.type)) await this.settleReply(result.message, d, now);
    else await this.commit(result.message, d, now);
    return 'ack';
  }

  private async commit(m: OpenedMessage, d: Delivery, now: Date): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await insertInbox(trx, inboxRow(m, d, now));
      await queueMessage(trx, receiptFor(m.payload, m.envelopeHash, now));
    });
    this.deps.onQueued();
    this.deps.log.info({ messageId: m.payload.id, from: m.payload.from, type: m.payload.type }, 'message committed');
  }

  /** A receipt or problem for a message this agency sent: it is stored, then settles the message. */
  private async settleReply(m: OpenedMessage, d: Delivery, now: Date): Promise<void> {
    const body = m.body as { for: string; code?: string; detail?: string; envelope?: string };
    const outcome = await this.deps.db.transaction().execute(async (trx) => {
      await insertInbox(trx, inboxRow(m, d, now));
      return settle(trx, {
        forId: body.for,
        from: m.payload.from,
        status: m.payload.type === 'receipt' ? 'delivered' : 'rejected',
        by: m.payload.id,
        at: now.toISOString(),
        code: body.code,
        detail: body.detail,
        envelope: body.envelope,
      });
    });
    this.deps.log.info({ messageId: body.for, by: m.payload.id, type: m.payload.type, outcome }, 'reply received');
  }

  private async quarantine(d: Delivery, p: Problem, now: Date): Promise<void> {
    const payload = p.payload;
    const reply = this.replyTarget(p);
    const inserted = await this.deps.db.transaction().execute(async (trx) => {
      const fresh = await insertQuarantine(trx, {
        message_id: typeof payload?.id === 'string' ? payload.id.slice(0, 64) : null,
        from_agency: typeof payload?.from === 'string' ? payload.from.slice(0, 64) : null,
        kid: p.kid?.slice(0, 128) ?? null,
        code: p.code,
        detail: p.detail,
        verified: p.verified ? 1 : 0,
        received_at: now.toISOString(),
        subject: d.subject,
        stream_seq: d.streamSeq,
        envelope_hash: p.envelopeHash,
        size: d.data.byteLength,
        raw: decoder.decode(d.data.subarray(0, this.deps.maxEnvelopeBytes)),
      });
      if (fresh && reply) await queueMessage(trx, problemFor(reply, p.code, p.detail, now));
      return fresh;
    });
    if (inserted && reply) this.deps.onQueued();
    this.deps.log.warn({ code: p.code, messageId: payload?.id, signer: p.signer, verified: p.verified, replied: Boolean(reply) }, 'message quarantined');
  }

  /**
   * Who gets a `problem`: the verified signer, and only when the envelope itself parsed (after
   * `malformed` or `unsupported-version` its fields cannot be trusted), and never for a receipt
   * or problem (no loops). An unverified message gets no reply (no reflection to forgers).
   */
  private replyTarget(p: Problem): { id: string; to: string; agreement: string; thid: string } | undefined {
    const payload = p.payload;
    if (!p.verified || !p.signer || !payload) return undefined;
    if (p.code === 'malformed' || p.code === 'unsupported-version') return undefined;
    if (typeof payload.type !== 'string' || isProtocolType(payload.type)) return undefined;
    if (typeof payload.id !== 'string' || !UUID_V7.test(payload.id)) return undefined;
    if (typeof payload.agreement !== 'string' || !AGREEMENT_ID.test(payload.agreement)) return undefined;
    const thid = typeof payload.thid === 'string' && UUID_V7.test(payload.thid) ? payload.thid : payload.id;
    return { id: payload.id, to: p.signer, agreement: payload.agreement, thid };
  }

  private async queue(m: Parameters<typeof queueMessage>[1]): Promise<void> {
    await queueMessage(this.deps.db, m);
    this.deps.onQueued();
  }
}

function inboxRow(m: OpenedMessage, d: Delivery, now: Date) {
  const p = m.payload;
  return {
    id: p.id,
    from_agency: p.from,
    agreement: p.agreement,
    type: p.type,
    thid: p.thid,
    reply_to: p.replyTo ?? null,
    lang: p.lang ?? null,
    created: p.created,
    expires: p.expires ?? null,
    received_at: now.toISOString(),
    body: JSON.stringify(m.body),
    salt: m.salt ?? null,
    stats: p.stats ? JSON.stringify(p.stats) : null,
    envelope_hash: m.envelopeHash,
    stream_seq: d.streamSeq,
  };
}
