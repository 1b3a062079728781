import * as v from 'valibot';
import type { Directory } from '../directory/directory.ts';
import { MessageId } from '../names.ts';
import { utf8 } from './base64url.ts';
import { checkAgreement, checkEnvelope, checkRecipient, checkSender, checkTime } from './checks-envelope.ts';
import { checkKey, checkSignature, checkSize, claimedCreated, parseJws } from './checks-signature.ts';
import type { CheckFailure, Problem, VerifiedEnvelope } from './types.ts';

/** What checks 1 to 9 judge against: the same for a recipient (`open`) and an observer (`verifyOnly`). */
export interface EnvelopeJudgement {
  directory: Directory;
  /** Tokens of the subject the message was carried on, if any. */
  subject?: { to: string; from: string } | undefined;
  /** The agency that must be `to` (check 7); undefined for an observer, who only matches the subject. */
  recipient: string | undefined;
  /** The instant of checks 3 (a `created` not given) and 9 (future skew). */
  now: Date;
  /** The stream's timestamp: a key revoked before it, or a `created` too long before it, is refused. */
  streamTime?: Date | undefined;
  maxBytes: number;
  skewMs: number;
  maxLagMs: number;
}

/** What is known of a message whatever its outcome: filled in as the checks pass. */
export type EnvelopeFacts = Omit<Problem, 'code' | 'detail'>;

export const failed = (x: unknown): x is CheckFailure => typeof x === 'object' && x !== null && 'code' in x && 'detail' in x;

/**
 * Checks 1 to 9 of PROTOCOL.md in order: size, compact JWS, key, signature, envelope schema,
 * sender, recipient, agreement, times. Answers the verified envelope or the first failure, and
 * fills `facts` (kid, signer, verified, id, payload) as far as the checks got.
 */
export async function verifyEnvelope(
  raw: string | Uint8Array,
  bytes: Uint8Array,
  j: EnvelopeJudgement,
  facts: EnvelopeFacts,
): Promise<Omit<VerifiedEnvelope, 'envelopeHash'> | CheckFailure> {
  const size = checkSize(bytes.byteLength, j.maxBytes);
  if (size) return size;
  const parsed = parseJws(typeof raw === 'string' ? raw : utf8(bytes));
  if (failed(parsed)) return parsed;
  const { kid } = parsed.header;
  facts.kid = kid;
  const signer = j.directory.ownerOf(kid);
  if (signer !== undefined) facts.signer = signer;

  const key = checkKey(j.directory, kid, claimedCreated(parsed.payloadPart, j.now), j.streamTime);
  if (key) return key;
  const payloadBytes = await checkSignature(j.directory, parsed);
  if (failed(payloadBytes)) return payloadBytes;
  facts.verified = true;

  const payload = checkEnvelope(payloadBytes);
  if (failed(payload)) {
    const id = readId(payloadBytes);
    if (id) facts.id = id;
    return payload;
  }
  facts.id = payload.id;
  facts.payload = payload;

  const failure =
    checkSender(payload, kid, j.subject) ??
    checkRecipient(payload, j.recipient ?? payload.to, j.subject) ??
    checkAgreement(payload, j.directory) ??
    checkTime(payload, j.now, j.skewMs, j.streamTime && { time: j.streamTime, maxLagMs: j.maxLagMs });
  return failure ?? { header: parsed.header, payload, jws: parsed.jws };
}

/** The id of a verified payload that failed its schema, when it has a well-formed one. */
function readId(payloadBytes: Uint8Array): string | undefined {
  try {
    const id = (JSON.parse(utf8(payloadBytes) ?? '') as { id?: unknown }).id;
    return v.is(MessageId, id) ? id : undefined;
  } catch {
    return undefined;
  }
}
