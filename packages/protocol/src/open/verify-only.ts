import type { Directory } from '../directory/directory.ts';
import { envelopeHash } from '../envelope/hash.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_LAG_MS, DEFAULT_SKEW_MS } from './open.ts';
import type { CheckFailure, Problem, VerifiedEnvelope } from './types.ts';
import { failed, verifyEnvelope, type EnvelopeFacts } from './verify-envelope.ts';

/** What an observer that is nobody's recipient (the audit) knows when it verifies a message. */
export interface VerifyContext {
  /** The current verified directory. */
  directory: Directory;
  /** Tokens of the subject `mou.v1.msg.<to>.<from>` the message was carried on, if any. */
  subject?: { to: string; from: string };
  /** The instant checks 3 and 9 judge against: the stream's timestamp of the message. */
  at: Date;
  /** Check 1's limit in bytes; default 262144 (256 KiB). */
  maxBytes?: number;
  /** Check 9's allowed clock skew into the future; default 300000 (5 min). */
  skewMs?: number;
  /** Check 9's longest wait from `created` to the stream's timestamp; `DEFAULT_MAX_LAG_MS` by default. */
  maxLagMs?: number;
}

/** The outcome of {@link verifyOnly}: the verified envelope, or the first problem (checks 1-9). */
export type VerifyResult = { ok: true; message: VerifiedEnvelope } | { ok: false; problem: Problem };

/**
 * Checks 1 to 9 of PROTOCOL.md without any private key: size, JWS form, key, signature,
 * envelope schema, sender, subject, agreement and times, judged at the stream's timestamp as a
 * node judges them (a key revoked before it, a `created` too long before it). Check 7 is "the
 * subject's recipient token equals `to`" (the observer is not the recipient). Nothing is decrypted, so a caller
 * that holds no key (the audit) sees metadata only. Never throws.
 *
 * @example
 * const r = await verifyOnly(delivery.data, { directory, subject: parseMessageSubject(d.subject), at: streamTime });
 * if (r.ok) record(r.message.payload); else flag(r.problem.code);
 */
export async function verifyOnly(raw: string | Uint8Array, ctx: VerifyContext): Promise<VerifyResult> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw instanceof Uint8Array ? raw : new Uint8Array();
  const facts: EnvelopeFacts = { verified: false, envelopeHash: envelopeHash(bytes) };
  const fail = (f: CheckFailure): VerifyResult => ({ ok: false, problem: { code: f.code, detail: f.detail, ...facts } });
  try {
    // An observer judges key and times at the stream's timestamp, as the recipient's node did.
    const envelope = await verifyEnvelope(raw, bytes, {
      directory: ctx.directory,
      subject: ctx.subject,
      recipient: undefined,
      now: ctx.at,
      streamTime: ctx.at,
      maxBytes: ctx.maxBytes ?? DEFAULT_MAX_BYTES,
      skewMs: ctx.skewMs ?? DEFAULT_SKEW_MS,
      maxLagMs: ctx.maxLagMs ?? DEFAULT_MAX_LAG_MS,
    }, facts);
    if (failed(envelope)) return fail(envelope);
    return { ok: true, message: { header: envelope.header, payload: envelope.payload, envelopeHash: facts.envelopeHash, jws: envelope.jws } };
  } catch (error) {
    return fail({ code: 'malformed', detail: `unexpected ${error instanceof Error ? error.name : 'error'} while verifying` });
  }
}
