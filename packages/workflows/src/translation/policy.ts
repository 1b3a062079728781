/** What decides whether a received document needs a translation, all from the signed directory. */
export interface TranslationPolicyInput {
  /** The document's language (the envelope's `lang`, or an attachment's). */
  lang: string;
  /** The agreement's working languages (`agreement.languages`). */
  agreementLanguages: readonly string[];
  /** Languages the receiving agency works in: the languages it is named in (`agency.names`). */
  receiverLanguages: readonly string[];
}

/** `true` when two BCP 47 tags name the same language, or one narrows the other (`zh` and `zh-Hans`). */
export function sameLanguage(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

/**
 * The language a received document must be translated into, or `undefined` when the receiver
 * works in its language already. The receiver works in the agreement's languages that it is
 * named in; its own language comes first, English only where the agreement lists it. With no
 * working language at all there is no target (a supervisor can still ask for a job).
 * @example translationTarget({ lang: 'th', agreementLanguages: ['lo', 'th', 'en'], receiverLanguages: ['lo', 'en'] }) // 'lo'
 */
export function translationTarget(input: TranslationPolicyInput): string | undefined {
  const working = input.agreementLanguages.filter((l) => input.receiverLanguages.some((r) => sameLanguage(l, r)));
  if (working.some((l) => sameLanguage(l, input.lang))) return undefined;
  return working.find((l) => !sameLanguage(l, 'en')) ?? working.find((l) => sameLanguage(l, 'en'));
}
