import { AgencyId, AgreementId, Timestamp } from '@mou-hub/protocol';
import { parseInput } from '@mou-hub/service-kit';
import type { Context } from 'hono';
import * as v from 'valibot';

const Period = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}(-\d{2})?$/, 'YYYY-MM or YYYY-MM-DD'));

/** Query filters every report takes. */
export const ReportQuery = v.object({
  agreement: v.optional(AgreementId),
  agency: v.optional(AgencyId),
  /** Start of the period, inclusive. */
  from: v.optional(Period),
  /** End of the period, inclusive. */
  to: v.optional(Period),
  /** Judge open clocks at this instant instead of now (RFC 3339). */
  at: v.optional(Timestamp),
  type: v.optional(v.pipe(v.string(), v.maxLength(64))),
  step: v.optional(v.pipe(v.string(), v.maxLength(64))),
  month: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/))),
  status: v.optional(v.picklist(['open', 'met', 'breached', 'cancelled'])),
  format: v.optional(v.picklist(['json', 'csv'])),
});
export type ReportQuery = v.InferOutput<typeof ReportQuery>;

/** The request's report filters, or a 400 naming the bad ones. */
export function reportQuery(c: Context): ReportQuery & { now: Date } {
  const q = parseInput(ReportQuery, c.req.query(), 'query');
  return { ...q, now: q.at ? new Date(q.at) : new Date() };
}
