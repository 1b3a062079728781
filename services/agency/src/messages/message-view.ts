import { openSealedOrClear, type AtRest } from '../platform/at-rest.ts';
import type { InboxRow } from './inbox-store.ts';
import type { OutboxRow } from './outbox-store.ts';

/** The envelope fields both directions share, as the API shows them (the body opened from its sealed form). */
function messageFields(r: InboxRow | OutboxRow, atRest: AtRest) {
  return {
    id: r.id,
    agreement: r.agreement,
    type: r.type,
    thid: r.thid,
    replyTo: r.reply_to,
    lang: r.lang,
    created: r.created,
    expires: r.expires,
    body: JSON.parse(atRest.open(r.body)) as unknown,
    envelopeHash: r.envelope_hash,
  };
}

/** A received message as the API shows it. */
export function inboxView(agency: string, r: InboxRow, atRest: AtRest) {
  return { ...messageFields(r, atRest), direction: 'in' as const, from: r.from_agency, to: agency, receivedAt: r.received_at };
}

/** A sent message with where it stands and how it got there. */
export function outboxView(
  agency: string,
  r: OutboxRow,
  history: { status: OutboxRow['status']; at: string; detail: string | null }[],
  atRest: AtRest,
) {
  const detail = r.problem_detail === null ? '' : openSealedOrClear(atRest, r.problem_detail);
  const problem = r.problem_code ? { code: r.problem_code, detail } : r.status === 'failed' ? { code: 'failed', detail } : null;
  return { ...messageFields(r, atRest), direction: 'out' as const, from: agency, to: r.to_agency, status: r.status, history, problem };
}
