import type { Directory } from '@mou-hub/protocol';
import { translationTarget } from '@mou-hub/workflows';

/** A received document, as far as the language policy looks at it. */
export interface ReceivedDocument {
  agreement: string;
  /** The language the document is written in. */
  lang: string;
}

/**
 * The translation a received document needs at this agency, by the directory's policy: the
 * agreement's working languages (`languages`) that the agency is named in are the ones it works
 * in; a document in any other language needs a job into the agency's own language (or English,
 * where the agreement lists it). `undefined` when no job is needed or the policy has no answer.
 * @example translationNeeded(directory, 'la-mlsw', { agreement: 'la-th', lang: 'th' }) // { sourceLang: 'th', targetLang: 'lo' }
 */
export function translationNeeded(directory: Directory, self: string, doc: ReceivedDocument): { sourceLang: string; targetLang: string } | undefined {
  const agreement = directory.agreement(doc.agreement);
  const agency = directory.agency(self);
  if (!agreement || !agency) return undefined;
  const targetLang = translationTarget({ lang: doc.lang, agreementLanguages: agreement.languages, receiverLanguages: Object.keys(agency.names) });
  return targetLang ? { sourceLang: doc.lang, targetLang } : undefined;
}
