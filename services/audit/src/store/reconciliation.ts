import { PROTOCOL_TYPES } from '@mou-hub/protocol';
import type { Kysely } from 'kysely';
import type { ReportFilter } from './reports.ts';
import type { AuditDb } from './schema.ts';

/** How a message stands against its recipient's evidence. */
export type Reconciled = 'receipt' | 'problem' | 'pending' | 'missing';

/** One business message with its receipt or problem, cross-checked. */
export interface ReconciliationRow {
  id: string;
  type: string;
  agreement: string;
  from: string;
  to: string;
  streamTime: string;
  outcome: Reconciled;
  /** The problem's code, when a problem came back. */
  problemCode: string | null;
  /** `sha256:` of the JWS the stream carried. */
  envelopeHash: string;
  /** What the receipt says the recipient received. */
  receiptEnvelope: string | null;
  /** False when the receipt quotes other bytes than the stream carried; null without a receipt. */
  digestMatches: boolean | null;
  answeredAt: string | null;
}

/**
 * Every verified business message with the receipt or problem its recipient signed for it:
 * `missing` when neither came within `afterMs`, and a digest check of each receipt against
 * the bytes the stream carried (both sides' evidence, cross-checked).
 *
 * @example
 * const { rows, summary } = await reconciliation(db, { agreement: 'la-th' }, new Date(), 600_000);
 */
export async function reconciliation(db: Kysely<AuditDb>, f: ReportFilter, now: Date, afterMs: number) {
  let q = db
    .selectFrom('envelopes as e')
    .leftJoin('envelopes as a', (j) =>
      j.onRef('a.for_id', '=', 'e.id').onRef('a.from_agency', '=', 'e.to_agency').on('a.check_code', 'is', null),
    )
    .select([
      'e.id', 'e.type', 'e.agreement', 'e.from_agency', 'e.to_agency', 'e.stream_time', 'e.envelope_hash',
      'a.type as answer', 'a.outcome', 'a.receipt_envelope', 'a.created as answered_at',
    ])
    .where('e.check_code', 'is', null)
    .where('e.type', 'not in', [...PROTOCOL_TYPES]);
  if (f.agreement) q = q.where('e.agreement', '=', f.agreement);
  if (f.agency) q = q.where((eb) => eb.or([eb('e.from_agency', '=', f.agency!), eb('e.to_agency', '=', f.agency!)]));
  if (f.from) q = q.where('e.stream_time', '>=', f.from);
  if (f.to) q = q.where('e.stream_time', '<=', `${f.to}\uffff`);
  const raw = await q.orderBy('e.stream_seq').orderBy('a.stream_seq').execute();

  const rows = new Map<string, ReconciliationRow>();
  for (const r of raw) {
    // One row per envelope: the first copy to each recipient and its first answer (a message of a
    // case with a third party goes to two agencies under one id, each owing its receipt: issue 16).
    const key = `${r.id} ${r.to_agency ?? ''}`;
    if (!r.id || rows.has(key)) continue;
    const outcome: Reconciled = r.answer === 'receipt' ? 'receipt' : r.answer === 'problem' ? 'problem'
      : now.getTime() - Date.parse(r.stream_time) > afterMs ? 'missing' : 'pending';
    rows.set(key, {
      id: r.id, type: r.type!, agreement: r.agreement!, from: r.from_agency!, to: r.to_agency!, streamTime: r.stream_time,
      outcome,
      problemCode: r.answer === 'problem' ? r.outcome : null,
      envelopeHash: r.envelope_hash,
      receiptEnvelope: r.receipt_envelope,
      digestMatches: r.answer === 'receipt' ? r.receipt_envelope === r.envelope_hash : null,
      answeredAt: r.answered_at,
    });
  }
  const list = [...rows.values()];
  const count = (p: (r: ReconciliationRow) => boolean) => list.filter(p).length;
  return {
    rows: list,
    summary: {
      messages: list.length,
      receipts: count((r) => r.outcome === 'receipt'),
      problems: count((r) => r.outcome === 'problem'),
      pending: count((r) => r.outcome === 'pending'),
      missing: count((r) => r.outcome === 'missing'),
      digestMismatches: count((r) => r.digestMatches === false),
    },
  };
}

/** Messages whose signed `created` is far from the stream time, or that failed checks 1-9. */
export function integrity(db: Kysely<AuditDb>, f: ReportFilter) {
  let q = db
    .selectFrom('envelopes')
    .select(['stream_seq as seq', 'stream_time as streamTime', 'id', 'type', 'agreement', 'from_agency as from', 'to_agency as to', 'kid', 'created', 'skew_ms as skewMs', 'skew_flag as skewFlag', 'check_code as checkCode'])
    .where((eb) => eb.or([eb('skew_flag', '=', 1), eb('check_code', 'is not', null)]));
  if (f.agreement) q = q.where('agreement', '=', f.agreement);
  if (f.from) q = q.where('stream_time', '>=', f.from);
  if (f.to) q = q.where('stream_time', '<=', `${f.to}\uffff`);
  return q.orderBy('stream_seq').limit(5000).execute();
}
