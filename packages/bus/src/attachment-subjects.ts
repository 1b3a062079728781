import { BusError } from './bus-error.ts';

/** Subjects of attachment parts: `mou.v1.att.<to>.<from>.<name token>`. */
export const ATTACHMENT_SUBJECT_PREFIX = 'mou.v1.att';

const TOKEN = /^[A-Za-z0-9_-]+$/;
const NAME = /^sha256:([A-Za-z0-9_-]{43})$/;

function agency(value: string, role: string): string {
  if (!TOKEN.test(value)) throw new BusError('invalid-subject', `${role} ${JSON.stringify(value)} is not a subject token`);
  return value;
}

/**
 * The stream holding the attachments `from` sends to `to`: one per pair, so that its byte
 * limit is that sender's quota at that recipient (one counterpart filling its own cannot
 * starve another), only the recipient reads it, and each sender writes only its own.
 * Agency ids hold no `_`, so the name splits one way.
 *
 * @example
 * attachmentStreamName('la-mlsw', 'th-msdhs'); // 'MOU_ATT_la-mlsw_th-msdhs'
 */
export function attachmentStreamName(to: string, from: string): string {
  return `MOU_ATT_${agency(to, 'to')}_${agency(from, 'from')}`;
}

/** Subjects of the stream of the pair: `mou.v1.att.<to>.<from>.*`. */
export function attachmentStreamSubject(to: string, from: string): string {
  return `${ATTACHMENT_SUBJECT_PREFIX}.${agency(to, 'to')}.${agency(from, 'from')}.*`;
}

/**
 * The stream of every attachment sent to `to` before streams were per pair (`MOU_ATT_<to>`,
 * `mou.v1.att.<to>.>`). Its subjects overlap the pair streams', so it must go first.
 */
export function legacyAttachmentStreamName(to: string): string {
  return `MOU_ATT_${agency(to, 'to')}`;
}

/**
 * Subject of the parts of attachment `name` (`sha256:<base64url>` of its ciphertext) from
 * `from` to `to`. The broker lets `from` publish only on its own token.
 *
 * @example
 * attachmentSubject('la-mlsw', 'th-msdhs', 'sha256:…'); // 'mou.v1.att.la-mlsw.th-msdhs.…'
 */
export function attachmentSubject(to: string, from: string, name: string): string {
  const m = NAME.exec(name);
  if (!m) throw new BusError('invalid-subject', `${JSON.stringify(name)} is not sha256:<base64url>`);
  return `${ATTACHMENT_SUBJECT_PREFIX}.${agency(to, 'to')}.${agency(from, 'from')}.${m[1]}`;
}
