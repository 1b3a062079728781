import * as v from 'valibot';
import { AgencyId, AgreementId, KeyId, LanguageTag, Timestamp } from '../names.ts';
import { BUSINESS_TYPES } from '../message-types.ts';

/** An OKP public key as the directory publishes it: no `alg` (jose would pin it), no `d`. */
export const PublicJwkSchema = v.strictObject({
  kty: v.literal('OKP'),
  crv: v.picklist(['Ed25519', 'X25519']),
  x: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'not a 32-byte base64url key')),
  kid: KeyId,
});
export type PublicJwk = v.InferOutput<typeof PublicJwkSchema>;

/** One key of an agency with the period in which it may be used. */
export const AgencyKeySchema = v.strictObject({
  /** `<agency id>#<label>`; must start with the owning agency's id. */
  kid: KeyId,
  /** `sig`: Ed25519, signs envelopes. `enc`: X25519, receives JWE bodies. */
  use: v.picklist(['sig', 'enc']),
  /** The public key. */
  jwk: PublicJwkSchema,
  /** First instant the key is valid (messages `created` before it are not verified with it). */
  notBefore: Timestamp,
  /** Instant the key stops being valid, if planned. */
  notAfter: v.optional(Timestamp),
  /** Instant the key was revoked: messages created at or after it fail with `unknown-key`. */
  revokedAt: v.optional(Timestamp),
});
export type AgencyKey = v.InferOutput<typeof AgencyKeySchema>;

export const AgencySchema = v.strictObject({
  id: AgencyId,
  /** ISO 3166-1 alpha-2, upper case (`LA`, `TH`, `VN`, `CN`). */
  country: v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'not an ISO 3166 alpha-2 code')),
  /** Names by BCP 47 language; `en` is required, the agency's own language is expected. */
  names: v.pipe(
    v.record(LanguageTag, v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
    v.check((names) => typeof names['en'] === 'string', 'names.en is required'),
  ),
  /** What the agency is: `focal-point`, `police`, `social-welfare`, `embassy`, `secretariat`. */
  roles: v.array(v.pipe(v.string(), v.regex(/^[a-z][a-z-]{1,31}$/))),
  /**
   * Where the agency works, for its clocks (issue 16): the IANA time zone and the country whose
   * business days it keeps (the embassy in Beijing: `Asia/Shanghai`, `CN`). Absent: `country`'s.
   */
  timezone: v.optional(v.picklist(['Asia/Vientiane', 'Asia/Bangkok', 'Asia/Ho_Chi_Minh', 'Asia/Shanghai'])),
  calendar: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'not an ISO 3166 alpha-2 code'))),
  keys: v.array(AgencyKeySchema),
});
export type Agency = v.InferOutput<typeof AgencySchema>;

/**
 * A Secretariat deadline: once `starts` is sent, one of `endedBy` is due within the period.
 * No MOU sets a numeric deadline (DOMAIN.md); these are policy, shown as such.
 */
export const DeadlineSchema = v.strictObject({
  /** Short name of the step, e.g. `acknowledge-investigation`. */
  step: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{1,63}$/)),
  starts: v.picklist(BUSINESS_TYPES),
  endedBy: v.pipe(v.array(v.picklist(BUSINESS_TYPES)), v.minLength(1)),
  /** Length of the period. */
  within: v.pipe(v.number(), v.integer(), v.minValue(1)),
  unit: v.picklist(['hours', 'days', 'business-days']),
  /** Applies only to requests of this urgency (their body's `urgency`); to all when absent. */
  urgency: v.optional(v.picklist(['normal', 'urgent'])),
  /** Always `secretariat-policy`: no agreement sets a number. */
  source: v.literal('secretariat-policy'),
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
  /** The clock stands still while a translation the answering side needs is open (issue 9). */
  pausesForTranslation: v.optional(v.boolean()),
  /**
   * Only a `starts` message whose `stats` hold this count in range opens the clock (issue 16):
   * `{ fact: 'pending', min: 1 }` (information asked for), `{ fact: 'countersign', max: 0 }`
   * (the host's completion, not the countersign).
   */
  startsWhen: v.optional(
    v.strictObject({
      fact: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,31}$/)),
      min: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      max: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    }),
  ),
  /**
   * Who owes the answer: `other` (the default) is the side that received `starts`; `sender`
   * is the side that sent it and owes a next step of its own (a travel document after its
   * assessment, reintegration feedback after its countersign) (issue 16).
   */
  answeredBy: v.optional(v.picklist(['other', 'sender'])),
});
export type Deadline = v.InferOutput<typeof DeadlineSchema>;

/**
 * How long a translation job may take before the clocks it pauses run again (issue 16):
 * Secretariat policy, counted from the job's first status in the translating agency's calendar.
 */
export const TranslationDeadlineSchema = v.strictObject({
  within: v.pipe(v.number(), v.integer(), v.minValue(1)),
  unit: v.picklist(['hours', 'days', 'business-days']),
  source: v.literal('secretariat-policy'),
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
});
export type TranslationDeadline = v.InferOutput<typeof TranslationDeadlineSchema>;

export const AgreementSchema = v.strictObject({
  id: AgreementId,
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  parties: v.pipe(v.array(AgencyId), v.minLength(2)),
  /** Signature facts as known (`2005-07-13`, or a sentence where the date is not known). */
  signed: v.optional(v.pipe(v.string(), v.maxLength(300))),
  inForce: v.optional(v.pipe(v.string(), v.maxLength(300))),
  /** Working languages, BCP 47. */
  languages: v.pipe(v.array(LanguageTag), v.minLength(1)),
  /** Business types each party may send; `receipt` and `problem` are always allowed. */
  send: v.record(AgencyId, v.array(v.picklist(BUSINESS_TYPES))),
  deadlines: v.array(DeadlineSchema),
  /** A translation job's own due date; without it a job pauses the clocks it holds until it ends. */
  translation: v.optional(TranslationDeadlineSchema),
  notes: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});
export type Agreement = v.InferOutput<typeof AgreementSchema>;

/** The whole signed directory: what every node trusts. */
export const DirectorySnapshotSchema = v.strictObject({
  /** Monotonic: a node refuses a snapshot with a version lower than the one it holds. */
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  issued: Timestamp,
  /** The Secretariat's root public keys (Ed25519) that sign snapshots. Nodes pin their own copy. */
  rootKeys: v.array(PublicJwkSchema),
  agencies: v.array(AgencySchema),
  agreements: v.array(AgreementSchema),
});
export type DirectorySnapshot = v.InferOutput<typeof DirectorySnapshotSchema>;
