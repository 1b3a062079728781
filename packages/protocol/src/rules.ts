/**
 * The rules the schemas check by hand (a regex, a `check`), each under a stable code. The
 * English message travels in problem details and API answers; the code and its parameters let
 * a page word the same problem in the reader's language (`fieldIssues` adds both).
 */

/** Earliest and latest year a date in a body may have (a Buddhist-era year such as 2569 is refused). */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

/** One rule: its English message and the parameters a translation may show. */
export interface RuleSpec {
  readonly message: string;
  readonly params?: Readonly<Record<string, number | string>>;
}

/** Every rule by code. A schema names its message with {@link ruleMessage}, never a literal. */
export const RULES = {
  'date-format': { message: 'not a YYYY-MM-DD date' },
  'date-not-real': { message: 'not a real calendar date' },
  'year-out-of-range': {
    message: `the year must be between ${YEAR_MIN} and ${YEAR_MAX} (Gregorian calendar)`,
    params: { min: YEAR_MIN, max: YEAR_MAX },
  },
  'time-format': { message: 'not an HH:MM time' },
  'timestamp-format': { message: 'not an RFC 3339 UTC timestamp with milliseconds' },
  blank: { message: 'must not be blank' },
  'country-code': { message: 'not an ISO 3166 alpha-2 code' },
  'language-code': { message: 'not an ISO 639 code' },
  'phone-number': { message: 'not an E.164 phone number' },
  'person-ref': { message: 'not a person reference' },
  'document-number': { message: 'not a document number (A-Z, 0-9, / and -)' },
  'no-repeats': { message: 'must not repeat a value' },
  'distinct-persons': { message: 'person refs must be distinct' },
  'one-record-per-person': { message: 'one record per person' },
  'consent-required': { message: 'consent to share is required' },
  'means-required': { message: 'means is required for an adult victim (only a child needs none)' },
  'birth-or-age': { message: 'dateOfBirth or ageWhenTrafficked is required' },
  'reason-unconfirmed': { message: 'a reason is required when nationality is not confirmed' },
  'after-issued': { message: 'must be after issuedOn' },
  'contact-required': { message: 'give at least one way to reach the person' },
  'detail-for-other': { message: 'circumstancesDetail is required when circumstances is other' },
  'document-needs-confirmed': { message: 'no travel document without confirmed nationality' },
  'not-before-received': { message: 'must not be before received' },
  'languages-differ': { message: 'must differ from sourceLang' },
} as const satisfies Record<string, RuleSpec>;

/** A rule's code. */
export type RuleCode = keyof typeof RULES;

/** The message of rule `code`, for a schema's `v.check` or `v.regex`. */
export function ruleMessage(code: RuleCode): string {
  return RULES[code].message;
}

const BY_MESSAGE: ReadonlyMap<string, RuleCode> = new Map(
  (Object.entries(RULES) as [RuleCode, RuleSpec][]).map(([code, spec]) => [spec.message, code]),
);

/** The rule whose message is `message`, if one is registered. */
export function ruleOf(message: string): { code: RuleCode; params: Readonly<Record<string, number | string>> } | undefined {
  const code = BY_MESSAGE.get(message);
  if (code === undefined) return undefined;
  const params: RuleSpec['params'] = (RULES[code] as RuleSpec).params;
  return { code, params: params ?? {} };
}
