import { BusError } from './bus-error.ts';

/** The JetStream stream every envelope travels in. */
export const STREAM = 'MOU_V1';
/** Subjects of the stream: `mou.v1.msg.<to>.<from>`. */
export const SUBJECT_PREFIX = 'mou.v1.msg';
/**
 * Where a node publishes its envelopes: `mou.v1.out.<to>.<from>`. The broker carries it into the
 * stream: with per-sender accounts (the generated configuration) into the sender's quota stream
 * `MOU_OUT_<from>`, which MOU_V1 sources; on a server without accounts (the test kit's) a subject
 * mapping `mou.v1.out.*.*` → `mou.v1.msg.{{wildcard(1)}}.{{wildcard(2)}}` writes it straight
 * into MOU_V1 (`@mou-hub/testkit`'s `OPEN_BROKER_MAPPING`).
 * Either way the stream holds it as `mou.v1.msg.<to>.<from>`.
 */
export const OUT_SUBJECT_PREFIX = 'mou.v1.out';
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
 * Subject a node publishes a message from `from` to `to` on (see {@link OUT_SUBJECT_PREFIX}).
 *
 * @example
 * outSubject('th-msdhs', 'la-mlsw'); // 'mou.v1.out.th-msdhs.la-mlsw'
 */
export function outSubject(to: string, from: string): string {
  return `${OUT_SUBJECT_PREFIX}.${token(to, 'to')}.${token(from, 'from')}`;
}

/**
 * The sender's own stream under per-sender accounts: what `from` published, up to its quota,
 * in its account `OUT_<from>`; MOU_V1 sources it.
 * @example senderStreamName('th-msdhs'); // 'MOU_OUT_th-msdhs'
 */
export function senderStreamName(from: string): string {
  return `MOU_OUT_${token(from, 'sender')}`;
}

/** The NATS account holding a sender's stream (and its JetStream quota). */
export function senderAccountName(from: string): string {
  return `OUT_${token(from, 'sender')}`;
}

/**
 * The prefix under which the hub's account reaches the JetStream API of `from`'s account (a
 * service import): the admin creates the sender's stream through it, MOU_V1 sources through it.
 * @example senderApiPrefix('th-msdhs'); // '$JS.out-th-msdhs.API'
 */
export function senderApiPrefix(from: string): string {
  return `$JS.out-${token(from, 'sender')}.API`;
}

/** Where the sender's account delivers what MOU_V1 sources (exported to the hub's account). */
export function senderDeliverSubject(from: string): string {
  return `mou.src.${token(from, 'sender')}`;
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
