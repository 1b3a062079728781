import type { InboxRow } from '../store/inbox.ts';
import type { OutboxRow } from '../store/outbox.ts';

/** The envelope fields both directions share, as the API shows them. */
function messageFields(r: InboxRow | OutboxRow) {
  return {
    id: r.id,
    agreement: r.agreement,
    type: r.type,
    thid: r.thid,
    replyTo: r.reply_to,
    lang: r.lang,
    created: r.created,
    expires: r.expires,
    body: JSON.parse(r.body) as unknown,
    envelopeHash: r.envelope_hash,
  };
}

/** A received message as the API shows it. */
export function inboxView(agency: string, r: InboxRow) {
  return { ...messageFields(r), direction: 'in' as const, from: r.from_agency, to: agency, receivedAt: r.received_at };
}

/** A sent message with where it stands and how it got there. */
export function outboxView(agency: string, r: OutboxRow, history: { status: OutboxRow['status']; at: string; detail: string | null }[]) {
  const problem = r.problem_code
    ? { code: r.problem_code, detail: r.problem_detail ?? '' }
    : r.status === 'failed'
      ? { code: 'failed', detail: r.problem_detail ?? '' }
      : null;
  return { ...messageFields(r), direction: 'out' as const, from: agency, to: r.to_agency, status: r.status, history, problem };
}
