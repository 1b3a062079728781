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
 * The stream holding every attachment sent to `to`: one per recipient, so that only the
 * recipient reads it and each sender writes only its own subjects in it.
 *
 * @example
 * attachmentStreamName('la-mlsw'); // 'MOU_ATT_la-mlsw'
 */
export function attachmentStreamName(to: string): string {
  return `MOU_ATT_${agency(to, 'to')}`;
}

/** Subjects of the stream of `to`: `mou.v1.att.<to>.>`. */
export function attachmentStreamSubject(to: string): string {
  return `${ATTACHMENT_SUBJECT_PREFIX}.${agency(to, 'to')}.>`;
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
