import { BusError } from './bus-error.ts';

/** The JetStream stream every envelope travels in. */
export const STREAM = 'MOU_V1';
/** Subjects of the stream: `mou.v1.msg.<to>.<from>`. */
export const SUBJECT_PREFIX = 'mou.v1.msg';
/** KV bucket holding the signed directory. */
export const DIRECTORY_BUCKET = 'mou-directory';
/** Key of the current signed directory snapshot. */
export const DIRECTORY_KEY = 'current';

const TOKEN = /^[^.*>\s]+$/;

function token(value: string, role: string): string {
  if (!TOKEN.test(value)) {
    throw new BusError('invalid-subject', `${role} ${JSON.stringify(value)} is not a subject token`);
  }
  return value;
}

/**
 * Subject of a message from agency `from` to agency `to`.
 *
 * @example
 * messageSubject('th-msdhs', 'la-mlsw'); // 'mou.v1.msg.th-msdhs.la-mlsw'
 */
export function messageSubject(to: string, from: string): string {
  return `${SUBJECT_PREFIX}.${token(to, 'to')}.${token(from, 'from')}`;
}

/**
 * Recipient and sender of a message subject, or undefined if it is not one.
 *
 * @example
 * parseMessageSubject('mou.v1.msg.th-msdhs.la-mlsw'); // { to: 'th-msdhs', from: 'la-mlsw' }
 */
export function parseMessageSubject(subject: string): { to: string; from: string } | undefined {
  const parts = subject.split('.');
  if (parts.length !== 5 || parts.slice(0, 3).join('.') !== SUBJECT_PREFIX) return undefined;
  const [, , , to, from] = parts;
  if (!to || !from || !TOKEN.test(to) || !TOKEN.test(from)) return undefined;
  return { to, from };
}

/** Name of the audit service's durable consumer over the whole stream (granted by infra's broker permissions). */
export const AUDIT_CONSUMER = 'audit';

/**
 * Durable consumer name of an agency's inbox.
 *
 * @example
 * inboxConsumerName('la-mlsw'); // 'inbox-la-mlsw'
 */
export function inboxConsumerName(agency: string): string {
  return `inbox-${token(agency, 'agency')}`;
}

/** Filter subject of an agency's inbox: `mou.v1.msg.<agency>.>`. */
export function inboxFilterSubject(agency: string): string {
  return `${SUBJECT_PREFIX}.${token(agency, 'agency')}.>`;
}

/** Root of the evidence subjects (issue 19): request and reply, never stored in a stream. */
export const EVIDENCE_SUBJECT_PREFIX = 'mou.v1.evidence';

/**
 * Subject an agency's node sends its signed tree heads on to be witnessed; the audit answers.
 * `'*'` for the audit's subscription.
 * @example evidenceHeadSubject('la-mlsw'); // 'mou.v1.evidence.la-mlsw.head'
 */
export function evidenceHeadSubject(agency: string): string {
  return `${EVIDENCE_SUBJECT_PREFIX}.${agency}.head`;
}

/**
 * Subject a node pushes its heads (with proofs of shared messages) to counterpart `to` on.
 * `'*'` for either side of a subscription or a grant.
 * @example evidencePeerSubject('th-msdhs', 'la-mlsw'); // 'mou.v1.evidence.th-msdhs.peer.la-mlsw'
 */
export function evidencePeerSubject(to: string, from: string): string {
  return `${EVIDENCE_SUBJECT_PREFIX}.${to}.peer.${from}`;
}
