import { envelopeHash } from '../envelope/hash.ts';
import { isBusinessEnvelope } from '../envelope/schema.ts';
import { DEFAULT_DIRECTORY_MAX_AGE_MS } from '../directory/directory.ts';
import { checkReplay } from './checks-envelope.ts';
import { checkBody, checkDigest, decryptBody } from './checks-body.ts';
import type { CheckFailure, OpenContext, OpenResult } from './types.ts';
import { failed, verifyEnvelope, type EnvelopeFacts } from './verify-envelope.ts';

/** Default limit of check 1: 256 KiB. */
export const DEFAULT_MAX_BYTES = 262_144;
/** Default future skew of check 9: 5 minutes. */
export const DEFAULT_SKEW_MS = 300_000;
/** The longest a post may be cut off and still have its queued messages accepted: 14 days. */
export const OFFLINE_POST_MS = 14 * 86_400_000;

/**
 * Default of check 9's `maxLagMs`: how long before the stream's timestamp `created` may lie.
 * An embassy or border post keeps sealing messages into its outbox while its link is down, for
 * up to `OFFLINE_POST_MS`; they reach the stream when it returns, and must still open. The
 * directory's max age is added, so a sender that sealed on an old directory is not refused for it.
 * The revocation guarantee does not rest on this bound: check 3 judges a revocation at the
 * stream's timestamp, which the sender cannot choose (see the README, "The stream's clock").
 */
export const DEFAULT_MAX_LAG_MS = OFFLINE_POST_MS + DEFAULT_DIRECTORY_MAX_AGE_MS;

/**
 * Runs the 14 checks of PROTOCOL.md in order on bytes received and answers the opened message
 * or the first problem. No input makes it throw; it rethrows only what the caller's own
 * `priorEnvelope` or `checkState` throws (retry later, do not quarantine).
 *
 * @example
 * const r = await open(msg.data, { self: 'la-mlsw', directory, keys, subject: { to, from }, priorEnvelope });
 * if (r.ok && r.duplicate) await resendReceipt(r.message.payload.id);
 * else if (r.ok) await inbox.commit(r.message);
 * else await quarantine(r.problem); // reply with a `problem` only if r.problem.verified
 */
export async function open(raw: string | Uint8Array, ctx: OpenContext): Promise<OpenResult> {
  // Typed callers cannot pass anything else, but plain-JS ones can: treat it as empty bytes.
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw instanceof Uint8Array ? raw : new Uint8Array();
  const hash = envelopeHash(bytes);
  const facts: EnvelopeFacts = { verified: false, envelopeHash: hash };
  const fail = (f: CheckFailure): OpenResult => ({ ok: false, problem: { code: f.code, detail: f.detail, ...facts } });
  try {
    const now = ctx.now ?? new Date();
    const envelope = await verifyEnvelope(raw, bytes, {
      directory: ctx.directory,
      subject: ctx.subject,
      recipient: ctx.self,
      now,
      streamTime: ctx.streamTime,
      maxBytes: ctx.maxBytes ?? DEFAULT_MAX_BYTES,
      skewMs: ctx.skewMs ?? DEFAULT_SKEW_MS,
      maxLagMs: ctx.maxLagMs ?? DEFAULT_MAX_LAG_MS,
    }, facts);
    if (failed(envelope)) return fail(envelope);
    const { payload } = envelope;

    // Decryption, the costly part, starts before the replay lookup and runs beside it; the
    // outcome is still reported in check order (a replay wins over a decryption failure).
    const decryption = isBusinessEnvelope(payload) ? decryptBody(payload, ctx.keys) : undefined;
    decryption?.catch(() => undefined);
    const replay = checkReplay(await callback(() => ctx.priorEnvelope?.(payload.id)), hash);
    const verified = { header: envelope.header, payload, envelopeHash: hash, jws: envelope.jws };
    if (replay === 'duplicate') return { ok: true, duplicate: true, message: verified };
    if (replay) return fail(replay);

    let plaintext: Uint8Array | undefined;
    if (isBusinessEnvelope(payload) && decryption) {
      const decrypted = await decryption;
      if (failed(decrypted)) return fail(decrypted);
      const digest = checkDigest(decrypted, payload.digest);
      if (digest) return fail(digest);
      plaintext = decrypted;
    }
    const body = checkBody(payload, plaintext);
    if (failed(body)) return fail(body);

    const message = { ...verified, ...body };
    const state = await callback(() => ctx.checkState?.(message));
    if (state) return fail({ code: 'invalid-state', detail: state.detail });
    return { ok: true, duplicate: false, message };
  } catch (error) {
    // The caller's own failures (a database down) are theirs to retry, not the message's fault.
    if (error instanceof CallerError) throw error.error;
    // Anything else is a bug met on hostile input: refuse the message, never throw.
    return fail({ code: 'malformed', detail: `unexpected ${error instanceof Error ? error.name : 'error'} while opening` });
  }
}

/** Carries an error thrown by one of the caller's callbacks through open's catch-all. */
class CallerError {
  constructor(readonly error: unknown) {}
}

async function callback<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new CallerError(error);
  }
}
