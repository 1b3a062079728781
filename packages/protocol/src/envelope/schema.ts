import * as v from 'valibot';
import { AgencyId, AgreementId, CaseRef, KeyId, LanguageTag, MessageId, Timestamp } from '../names.ts';
import { BUSINESS_TYPES, PROTOCOL_TYPES } from '../message-types.ts';

/** The only envelope version this package speaks. */
export const ENVELOPE_VERSION = 1;
/** `typ` of an envelope's protected header. */
export const ENVELOPE_TYP = 'mou+jws';

/** `sha256:` and the base64url of 32 bytes. */
export const DIGEST = /^sha256:[A-Za-z0-9_-]{43}$/;
/** A JWE in compact serialization: five base64url parts, the second (encrypted key) non-empty. */
export const JWE_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/** The protected header of an envelope, exactly: nothing else (no `crit`, no `b64`, no `jwk`). */
export const EnvelopeHeaderSchema = v.strictObject({
  alg: v.literal('EdDSA'),
  kid: KeyId,
  typ: v.literal(ENVELOPE_TYP),
});
export type EnvelopeHeader = v.InferOutput<typeof EnvelopeHeaderSchema>;

export const Digest = v.pipe(v.string(), v.regex(DIGEST, 'not sha256:<base64url>'));

/** Counts for the audit: lower-case word keys, non-negative integers; never names or places. */
export const StatsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.maxLength(32), v.regex(/^[a-z]+(-[a-z]+)*$/, 'not a lower-case count name')),
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
  ),
  v.check((stats) => Object.keys(stats).length <= 16, 'at most 16 counts'),
);
export type Stats = v.InferOutput<typeof StatsSchema>;

const common = {
  /** Envelope version, always 1 here. */
  v: v.literal(ENVELOPE_VERSION),
  /** Message id, UUID v7. */
  id: MessageId,
  /** Agreement the message travels under. */
  agreement: AgreementId,
  /** Sending agency. */
  from: AgencyId,
  /** Receiving agency. */
  to: AgencyId,
  /** Id of the first message of the thread. */
  thid: MessageId,
  /** Id of the message this one answers. */
  replyTo: v.optional(MessageId),
  /** When the sender sealed it. */
  created: Timestamp,
  /** After this instant the message must not be acted on. */
  expires: v.optional(Timestamp),
  /** Non-identifying counts for the audit. */
  stats: v.optional(StatsSchema),
  /**
   * The case's human reference (`LA-TH-2026-0042`), set by the opener on a thread's first
   * message so that both sides (and the audit) show the same one; read from that message only.
   */
  ref: v.optional(CaseRef),
};

/** A business envelope: body encrypted to the recipient, digest of the plaintext, language. */
export const BusinessEnvelopeSchema = v.strictObject({
  ...common,
  type: v.picklist(BUSINESS_TYPES),
  /** Language the body is written in. */
  lang: LanguageTag,
  /** The JWE of `{"salt", "body"}`. */
  body: v.strictObject({ jwe: v.pipe(v.string(), v.regex(JWE_COMPACT, 'not a compact JWE')) }),
  /** `sha256:` of the exact plaintext bytes inside the JWE. */
  digest: Digest,
});

/** A receipt or problem: body in clear (checked against its type's schema later), no digest. */
export const ProtocolEnvelopeSchema = v.strictObject({
  ...common,
  type: v.picklist(PROTOCOL_TYPES),
  lang: v.optional(LanguageTag),
  body: v.pipe(
    v.record(v.string(), v.unknown()),
    v.check((body) => !Array.isArray(body), 'not an object'),
  ),
});

/**
 * The JWS payload of PROTOCOL.md, as one schema. Unknown fields are refused: a new field is a
 * new version.
 *
 * @example
 * const r = v.safeParse(EnvelopeSchema, JSON.parse(payloadText));
 * if (r.success && r.output.type !== 'receipt') r.output.digest;
 */
export const EnvelopeSchema = v.variant('type', [BusinessEnvelopeSchema, ProtocolEnvelopeSchema]);
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;
export type BusinessEnvelope = v.InferOutput<typeof BusinessEnvelopeSchema>;
export type ProtocolEnvelope = v.InferOutput<typeof ProtocolEnvelopeSchema>;

/** The JWE plaintext: a salt of at least 16 random bytes, then the body. */
export const SealedBodySchema = v.strictObject({
  salt: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,}$/, 'not 16+ bytes of base64url')),
  body: v.unknown(),
});

/**
 * Whether an envelope carries an encrypted body.
 *
 * @example
 * if (isBusinessEnvelope(payload)) payload.digest;
 */
export function isBusinessEnvelope(payload: Envelope): payload is BusinessEnvelope {
  return payload.type !== 'receipt' && payload.type !== 'problem';
}
