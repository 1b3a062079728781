import { compactVerify } from 'jose';
import * as v from 'valibot';
import type { Directory } from '../directory/directory.ts';
import { EnvelopeHeaderSchema } from '../envelope/schema.ts';
import type { EnvelopeHeader } from '../envelope/schema.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { UTC_MILLIS } from '../names.ts';
import { decodeCanonical, parseJson, utf8 } from './base64url.ts';
import type { CheckFailure } from './types.ts';

/** A compact JWS split into its parts, header parsed. */
export interface ParsedJws {
  jws: string;
  header: EnvelopeHeader;
  /** The payload part, still base64url and unverified. */
  payloadPart: string;
}

/** Check 1: at most `maxBytes` bytes. */
export function checkSize(bytes: number, maxBytes: number): CheckFailure | undefined {
  if (bytes > maxBytes) return { code: 'too-large', detail: `${bytes} bytes, the limit is ${maxBytes}` };
  return undefined;
}

/** Check 2: a compact JWS of canonical base64url parts with the envelope header. */
export function parseJws(jws: string | undefined): ParsedJws | CheckFailure {
  if (jws === undefined) return { code: 'malformed', detail: 'not UTF-8' };
  const parts = jws.split('.');
  if (parts.length !== 3) return { code: 'malformed', detail: 'not a compact JWS (three parts)' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const headerBytes = decodeCanonical(headerPart);
  if (!headerBytes || !decodeCanonical(payloadPart) || !decodeCanonical(signaturePart) || !signaturePart) {
    return { code: 'malformed', detail: 'a part is not canonical base64url' };
  }
  const header = v.safeParse(EnvelopeHeaderSchema, parseJson(utf8(headerBytes)));
  if (!header.success) return { code: 'malformed', detail: `header: ${describeIssues(fieldIssues(header.issues))}` };
  return { jws, header: header.output, payloadPart };
}

/**
 * The `created` instant an unverified payload claims, to pick the key valid then; `fallback`
 * when it has none. Trusting it is safe: the signature is checked with the key picked, over
 * these same bytes.
 */
export function claimedCreated(payloadPart: string, fallback: Date): Date {
  const payload = parseJson(utf8(decodeCanonical(payloadPart) ?? new Uint8Array()));
  const created = (payload as { created?: unknown } | undefined)?.created;
  return typeof created === 'string' && UTC_MILLIS.test(created) && !Number.isNaN(Date.parse(created))
    ? new Date(created)
    : fallback;
}

/**
 * Check 3: the kid is a signing key in the directory, valid at `created` and, when the stream's
 * timestamp is known, not revoked before the broker received the message. The sender chooses
 * `created`; it cannot choose the stream's clock, so a stolen key cannot backdate its way past
 * a revocation. A planned end (`notAfter`) is judged at `created` only: a message sealed just
 * before it and published later (a link down) is not suspect, and check 9 bounds the delay.
 *
 * @example
 * checkKey(directory, 'th-msdhs#sig-2025a', new Date(payload.created), d.streamTime);
 * // { code: 'unknown-key', detail: 'th-msdhs#sig-2025a was revoked at …, before the stream received the message at …' }
 */
export function checkKey(directory: Directory, kid: string, created: Date, streamTime?: Date): CheckFailure | undefined {
  const found = directory.keyAt(kid, created);
  if (!found.ok) return { code: 'unknown-key', detail: found.detail };
  if (found.key.use !== 'sig' || found.key.jwk.crv !== 'Ed25519') return { code: 'unknown-key', detail: `${kid} is not a signing key` };
  const { revokedAt } = found.key;
  if (streamTime && revokedAt !== undefined && streamTime.getTime() >= Date.parse(revokedAt)) {
    return { code: 'unknown-key', detail: `${kid} was revoked at ${revokedAt}, before the stream received the message at ${streamTime.toISOString()}` };
  }
  return undefined;
}

/** Check 4: the signature verifies with the kid's key; answers the payload bytes. */
export async function checkSignature(directory: Directory, parsed: ParsedJws): Promise<Uint8Array | CheckFailure> {
  try {
    const key = await directory.verificationKey(parsed.header.kid);
    const { payload } = await compactVerify(parsed.jws, key, { algorithms: ['EdDSA'] });
    return payload;
  } catch {
    return { code: 'bad-signature', detail: `signature does not verify with ${parsed.header.kid}` };
  }
}
