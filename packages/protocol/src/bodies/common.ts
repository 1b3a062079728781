import * as v from 'valibot';
import { AgencyId, Timestamp } from '../names.ts';
import { ruleMessage, YEAR_MAX, YEAR_MIN } from '../rules.ts';

/** `true` when `s` (`YYYY-MM-DD`) names a day that exists in the Gregorian calendar. */
function isRealDay(s: string): boolean {
  const day = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === s;
}

/** `true` when the year of `s` (`YYYY-…`) is within {@link YEAR_MIN}-{@link YEAR_MAX}. */
function inYearRange(s: string): boolean {
  const year = Number(s.slice(0, 4));
  return year >= YEAR_MIN && year <= YEAR_MAX;
}

/**
 * A calendar day, `YYYY-MM-DD`, checked to exist (no 2026-02-30) and to be Gregorian: a year
 * outside 1900-2100, such as the Buddhist-era 2569, is refused (`year-out-of-range`).
 * @example v.parse(IsoDate, '2026-03-14')
 */
export const IsoDate = v.config(
  v.pipe(
    v.string(),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, ruleMessage('date-format')),
    v.check(isRealDay, ruleMessage('date-not-real')),
    v.check(inYearRange, ruleMessage('year-out-of-range')),
  ),
  { abortPipeEarly: true },
);

/** An instant in a body (RFC 3339 UTC with milliseconds), its year within 1900-2100 as {@link IsoDate}'s. */
export const BodyTimestamp = v.config(v.pipe(Timestamp, v.check(inYearRange, ruleMessage('year-out-of-range'))), { abortPipeEarly: true });

/** A local time of day, `HH:MM`, 24-hour clock. */
export const LocalTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, ruleMessage('time-format')));

/**
 * Free text of 1 to `max` characters that is not only white space.
 * @example const Reason = Text(2000)
 */
export function Text(max: number) {
  return v.config(
    v.pipe(
      v.string(),
      v.minLength(1, 'must not be empty'),
      v.maxLength(max, `must be at most ${max} characters`),
      v.check((s) => s.trim().length > 0, ruleMessage('blank')),
    ),
    { abortPipeEarly: true },
  );
}

/** `sha256:` and the 43-character base64url SHA-256 of some bytes (an attachment, an envelope). */
export const Sha256Ref = v.pipe(
  v.string(),
  v.regex(/^sha256:[A-Za-z0-9_-]{43}$/, 'not sha256: and 43 base64url characters'),
);

/** An attachment's name in the store: `sha256:` of its ciphertext (see `attachments/`). */
export const AttachmentName = Sha256Ref;

/** Hard upper bound on an attachment's plaintext size; a node's own limit (20 MiB by default) is lower. */
export const ATTACHMENT_MAX_BYTES = 256 * 1024 * 1024;

/** A media type, lower case, such as `application/pdf` or `image/jpeg` (no parameters). */
export const MediaType = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/, 'not a media type such as application/pdf'),
);

/**
 * An attachment a message carries: its `name` in the store (the SHA-256 of its ciphertext), the
 * `digest` of its plaintext, which the recipient checks after decrypting, its plaintext `size`
 * and `mediaType`. The message must not be published before the ciphertext is in the store.
 */
export const AttachmentRef = v.strictObject({
  name: AttachmentName,
  digest: Sha256Ref,
  size: v.pipe(v.number(), v.integer('not a whole number'), v.minValue(0), v.maxValue(ATTACHMENT_MAX_BYTES)),
  mediaType: MediaType,
});
export type AttachmentRefValue = v.InferOutput<typeof AttachmentRef>;

/** ISO 3166-1 alpha-2 country code, upper case (`LA`, `TH`, `VN`, `CN`). */
export const CountryCode = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, ruleMessage('country-code')));

/** ISO 639 language code, two or three lower-case letters (`lo`, `th`, `hmn`). */
export const LanguageCode = v.pipe(v.string(), v.regex(/^[a-z]{2,3}$/, ruleMessage('language-code')));

/** Telephone number in E.164 form, as HTCDS asks: `+` and up to 15 digits. */
export const PhoneNumber = v.pipe(v.string(), v.regex(/^\+[1-9]\d{6,14}$/, ruleMessage('phone-number')));

/** A person's reference inside one case thread, set by the first message that names them (`P1`). */
export const PersonRef = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, ruleMessage('person-ref')),
);

/** How fast the other side is asked to act; deadlines per urgency are Secretariat policy. */
export const URGENCIES = ['normal', 'urgent'] as const;
export const Urgency = v.picklist(URGENCIES);

/** An officer named in a message: who did or will do something, for which agency. */
export const OfficerSchema = v.strictObject({
  name: Text(200),
  /** The hub agency the officer acts for. */
  agency: AgencyId,
  /** Post or function, e.g. `social worker`, `police escort`, `interpreter`. */
  role: v.optional(Text(100)),
});
export type Officer = v.InferOutput<typeof OfficerSchema>;

/**
 * A list of `item` with `min` to `max` entries.
 * @example const Persons = List(PersonSchema, 1, 50)
 */
export function List<T extends v.GenericSchema>(item: T, min: number, max: number) {
  return v.pipe(
    v.array(item),
    v.minLength(min, `must have at least ${min} ${min === 1 ? 'entry' : 'entries'}`),
    v.maxLength(max, `must have at most ${max} entries`),
  );
}

/** A list of distinct picklist values, `min` to all of them. */
export function Codes<const T extends readonly [string, ...string[]]>(codes: T, min = 0) {
  return v.pipe(
    List(v.picklist(codes), min, codes.length),
    v.check((list) => new Set(list).size === list.length, ruleMessage('no-repeats')),
  );
}

/** `true` when no two entries of `list` share `key(entry)`. */
export function isUniqueBy<T>(list: readonly T[], key: (entry: T) => unknown): boolean {
  return new Set(list.map(key)).size === list.length;
}

/**
 * The issue path of `keys` inside `root`, for `v.rawCheck` issues deeper than `v.forward` reaches
 * (a rule that spans the body and one entry of a list).
 */
export function pathIn(root: unknown, keys: readonly [string | number, ...(string | number)[]]) {
  let input: unknown = root;
  const items = keys.map((key): v.IssuePathItem => {
    const value: unknown = (input as Record<string | number, unknown>)[key];
    const item: v.IssuePathItem = typeof key === 'number'
      ? { type: 'array', origin: 'value', input: input as unknown[], key, value }
      : { type: 'object', origin: 'value', input: input as Record<string, unknown>, key, value };
    input = value;
    return item;
  });
  return items as [v.IssuePathItem, ...v.IssuePathItem[]];
}
