import { uuidv7 } from '@mou-hub/protocol';
import type { NewOutboxMessage } from '../outbox-store.ts';

/** The receipt a recipient queues once a message is committed (PROTOCOL.md, Receipts). */
export function receiptFor(
  m: { id: string; from: string; agreement: string; thid: string },
  envelopeHash: string,
  now: Date,
): NewOutboxMessage {
  const created = now.toISOString();
  return {
    id: uuidv7(),
    to: m.from,
    agreement: m.agreement,
    type: 'receipt',
    thid: m.thid,
    replyTo: m.id,
    body: { for: m.id, status: 'accepted', received: created, envelope: envelopeHash },
    created,
  };
}

/** The problem sent back to the verified signer of a message that failed a later check. */
export function problemFor(
  m: { id: string; to: string; agreement: string; thid: string },
  code: string,
  detail: string,
  now: Date,
): NewOutboxMessage {
  const created = now.toISOString();
  return {
    id: uuidv7(),
    to: m.to,
    agreement: m.agreement,
    type: 'problem',
    thid: m.thid,
    replyTo: m.id,
    body: { for: m.id, code, detail: detail.slice(0, 2000) },
    created,
  };
}
