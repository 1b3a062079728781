import type { VerifyResult } from '@mou-hub/protocol';
import type { EnvelopeTable } from '../store/schema.ts';
import { createdSkew } from './skew.ts';

/** Where and when the stream carried a message. */
export interface Carried {
  streamSeq: number;
  streamTime: Date;
  subject?: { to: string; from: string } | undefined;
}

const text = (x: unknown): string | null => (typeof x === 'string' ? x : null);

/**
 * The row the audit keeps for a message: the signed metadata and, for a receipt or problem,
 * its outcome (clear bodies, by protocol). Never a business body: those stay encrypted and
 * are not even kept encrypted. A problem's `detail` (free text) is not kept either.
 *
 * @example
 * const row = envelopeRow(await verifyOnly(d.data, ctx), { streamSeq: d.streamSeq, streamTime: d.streamTime }, 600_000);
 */
export function envelopeRow(r: VerifyResult, carried: Carried, skewLimitMs: number): EnvelopeTable {
  const base: EnvelopeTable = {
    stream_seq: carried.streamSeq,
    stream_time: carried.streamTime.toISOString(),
    subject_to: carried.subject?.to ?? null,
    subject_from: carried.subject?.from ?? null,
    envelope_hash: r.ok ? r.message.envelopeHash : r.problem.envelopeHash,
    kid: r.ok ? r.message.header.kid : (r.problem.kid ?? null),
    verified: r.ok || r.problem.verified ? 1 : 0,
    check_code: r.ok ? null : r.problem.code,
    id: null, type: null, agreement: null, from_agency: null, to_agency: null, thid: null, reply_to: null,
    created: null, skew_ms: null, skew_flag: 0, stats: null, ref: null, for_id: null, outcome: null, receipt_envelope: null,
  };
  // Metadata is kept only once the signature vouches for it.
  const payload = r.ok ? r.message.payload : r.problem.payload;
  if (!payload) return base;
  const skew = createdSkew(payload.created, carried.streamTime, skewLimitMs);
  const row: EnvelopeTable = {
    ...base,
    id: payload.id,
    type: payload.type,
    agreement: payload.agreement,
    from_agency: payload.from,
    to_agency: payload.to,
    thid: payload.thid,
    reply_to: payload.replyTo ?? null,
    created: payload.created,
    skew_ms: skew.skewMs,
    skew_flag: skew.flagged ? 1 : 0,
    stats: payload.stats ? JSON.stringify(payload.stats) : null,
    ref: payload.ref ?? null,
  };
  if (payload.type === 'receipt' || payload.type === 'problem') {
    const body = payload.body as Record<string, unknown>;
    row.for_id = text(body['for']);
    row.outcome = payload.type === 'receipt' ? text(body['status']) : text(body['code']);
    row.receipt_envelope = payload.type === 'receipt' ? text(body['envelope']) : null;
  }
  return row;
}
