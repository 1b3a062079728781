import * as v from 'valibot';

/** The Secretariat to the Lao National Committee: it owns the directory and runs the audit. */
export const SECRETARIAT_AGENCY = 'la-secretariat';

/** Agency id: ISO 3166 country prefix, then lower-case words joined by `-`; at most 32 chars. */
export const AGENCY_ID = /^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$/;
/** Agreement id as the directory spells it (`la-th`, `la-national`). */
export const AGREEMENT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** UUID version 7, lower-case. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Key id: `<agency id>#<label>`. */
export const KEY_ID = /^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*#[A-Za-z0-9._-]{1,64}$/;
/** BCP 47 language tag (the shapes the hub uses: `lo`, `th`, `vi`, `zh-Hans`, `en`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|[0-9]{3}))?$/;
/** A case's human reference (`LA-TH-2026-0042`): agreement in capitals, year, serial. */
export const CASE_REF = /^[A-Z0-9]+(-[A-Z0-9]+)*-[0-9]{4}-[0-9]{4,6}$/;
/** RFC 3339 UTC timestamp with milliseconds, as `Date.prototype.toISOString` writes it. */
export const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const AgencyId = v.pipe(v.string(), v.maxLength(32), v.regex(AGENCY_ID, 'not an agency id'));
export const AgreementId = v.pipe(v.string(), v.maxLength(32), v.regex(AGREEMENT_ID, 'not an agreement id'));
export const MessageId = v.pipe(v.string(), v.regex(UUID_V7, 'not a lower-case UUID v7'));
export const KeyId = v.pipe(v.string(), v.maxLength(100), v.regex(KEY_ID, 'not a key id'));
export const CaseRef = v.pipe(v.string(), v.maxLength(48), v.regex(CASE_REF, 'not a case reference such as LA-TH-2026-0042'));
export const LanguageTag = v.pipe(v.string(), v.maxLength(35), v.regex(LANGUAGE_TAG, 'not a BCP 47 tag'));
/** A timestamp the hub writes: RFC 3339, UTC, milliseconds; checked to be a real instant. */
export const Timestamp = v.pipe(
  v.string(),
  v.regex(UTC_MILLIS, 'not an RFC 3339 UTC timestamp with milliseconds'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'not a real date'),
);

/** The agency part of a key id. */
export function agencyOfKid(kid: string): string {
  const hash = kid.indexOf('#');
  return hash < 0 ? '' : kid.slice(0, hash);
}

/**
 * The human reference of a case the opener assigns: its agreement's countries in capitals, the
 * year and a serial the opening node counts per agreement and year (at least four digits). An
 * agreement's other words are left out (`la-national` is `LA`), so the reference reads the same
 * in every language and holds no English word.
 *
 * @example
 * caseRef('la-th', 2026, 42); // 'LA-TH-2026-0042'
 * caseRef('la-national', 2026, 7); // 'LA-2026-0007'
 */
export function caseRef(agreement: string, year: number, serial: number): string {
  const countries = agreement.split('-').filter((part) => /^[a-z]{2}$/.test(part));
  const name = countries.length > 0 ? countries.join('-') : agreement;
  return `${name.toUpperCase()}-${year}-${String(serial).padStart(4, '0')}`;
}
