import * as v from 'valibot';
import type { Directory } from '../directory/directory.ts';
import { ENVELOPE_VERSION, EnvelopeSchema } from '../envelope/schema.ts';
import type { Envelope } from '../envelope/schema.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { agencyOfKid } from '../names.ts';
import { parseJson, utf8 } from './base64url.ts';
import type { CheckFailure } from './types.ts';

/** Check 5: the verified payload is UTF-8 JSON matching the envelope schema, version 1. */
export function checkEnvelope(payloadBytes: Uint8Array): Envelope | CheckFailure {
  const json = parseJson(utf8(payloadBytes));
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { code: 'malformed', detail: 'payload is not a JSON object' };
  const version = (json as { v?: unknown }).v;
  if (typeof version === 'number' && version !== ENVELOPE_VERSION) {
    return { code: 'unsupported-version', detail: `envelope version ${version}, this node speaks ${ENVELOPE_VERSION}` };
  }
  const r = v.safeParse(EnvelopeSchema, json);
  if (!r.success) return { code: 'malformed', detail: `payload: ${describeIssues(fieldIssues(r.issues))}` };
  return r.output;
}

/** Check 6: the signing key belongs to `from`, and so does the subject's sender token. */
export function checkSender(payload: Envelope, kid: string, subject?: { from: string }): CheckFailure | undefined {
  if (agencyOfKid(kid) !== payload.from) return { code: 'sender-mismatch', detail: `signed by ${kid} but from ${payload.from}` };
  if (subject && subject.from !== payload.from) return { code: 'sender-mismatch', detail: `published as from ${subject.from} but from ${payload.from}` };
  return undefined;
}

/** Check 7: the message is for this agency, and was published on its subject. */
export function checkRecipient(payload: Envelope, self: string, subject?: { to: string }): CheckFailure | undefined {
  if (payload.to !== self) return { code: 'not-for-me', detail: `addressed to ${payload.to}, this is ${self}` };
  if (subject && subject.to !== payload.to) return { code: 'not-for-me', detail: `published for ${subject.to} but addressed to ${payload.to}` };
  return undefined;
}

/** Check 8: the agreement allows `from` to send this type to `to`. */
export function checkAgreement(payload: Envelope, directory: Directory): CheckFailure | undefined {
  const verdict = directory.maySend(payload.agreement, payload.from, payload.to, payload.type);
  return verdict.ok ? undefined : { code: 'agreement-violation', detail: verdict.detail };
}

/** The broker's timestamp of a message and how far before it `created` may lie. */
export interface StreamClock {
  /** When the stream stored the message (the broker's clock, not the sender's). */
  time: Date;
  /** Largest allowed gap from `created` back to `time`, in ms. */
  maxLagMs: number;
}

/**
 * Check 9: `created` not beyond the allowed skew into the future, `expires` not past, and, when
 * the stream's timestamp is known, `created` not more than `maxLagMs` before it (a backdated
 * message, or one that waited too long to be published, is `expired`).
 *
 * @example
 * checkTime(payload, new Date(), 300_000, { time: d.streamTime, maxLagMs: DEFAULT_MAX_LAG_MS });
 */
export function checkTime(payload: Envelope, now: Date, skewMs: number, stream?: StreamClock): CheckFailure | undefined {
  const created = Date.parse(payload.created);
  if (created > now.getTime() + skewMs) {
    return { code: 'future-dated', detail: `created ${payload.created}, more than ${skewMs} ms after ${now.toISOString()}` };
  }
  if (payload.expires !== undefined && Date.parse(payload.expires) <= now.getTime()) {
    return { code: 'expired', detail: `expired at ${payload.expires}` };
  }
  if (stream && stream.time.getTime() - created > stream.maxLagMs) {
    return { code: 'expired', detail: `created ${payload.created}, more than ${stream.maxLagMs} ms before the stream received it at ${stream.time.toISOString()}` };
  }
  return undefined;
}

/**
 * Check 10: an id seen before must come with the same bytes; then it is a duplicate. `prior` is
 * the `sha256:` of the bytes received under that id, or {@link ID_IN_USE} when the id is
 * already used here otherwise (a thread, a case, a message this agency sent): never a
 * duplicate, always a replay.
 */
export function checkReplay(prior: string | undefined, envelopeHash: string): 'duplicate' | CheckFailure | undefined {
  if (prior === undefined) return undefined;
  if (prior === envelopeHash) return 'duplicate';
  if (prior === ID_IN_USE) return { code: 'replay', detail: 'id already in use here' };
  return { code: 'replay', detail: `id already received as ${prior}` };
}

/**
 * What `priorEnvelope` answers for an id that no message received here carries but that is
 * already a thread, case or sent message id here: a new message under it can only be a replay.
 */
export const ID_IN_USE = 'in-use';
