/** Bodies that belong to any case: notes, closure, and the translation of its documents. */
import * as v from 'valibot';
import { AgencyId, LanguageTag, MessageId } from '../names.ts';
import { ruleMessage } from '../rules.ts';
import { AttachmentName, BodyTimestamp, OfficerSchema, pathIn, Sha256Ref, Text } from './common.ts';

/**
 * `case.note`, fixed by PROTOCOL.md so any client can test a node: `{ text }`, 1 to 10,000
 * characters, nothing else.
 * @example v.parse(CaseNoteSchema, { text: 'Called the shelter; both are well.' })
 */
export const CaseNoteSchema = v.strictObject({
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)),
});
export type CaseNoteBody = v.InferOutput<typeof CaseNoteSchema>;

/** Where a closed case went on: an organisation by name, and its hub id when it has one. */
export const ReferralSchema = v.strictObject({
  name: Text(200),
  agency: v.optional(AgencyId),
});

/** `case.closed`: the case ends, or is referred on (HTCDS `Closed` / `ClosedReferred`). */
export const CaseClosedSchema = v.variant('status', [
  v.strictObject({ status: v.literal('Closed'), reason: Text(2000) }),
  v.strictObject({ status: v.literal('ClosedReferred'), reason: Text(2000), referredTo: ReferralSchema }),
]);
export type CaseClosedBody = v.InferOutput<typeof CaseClosedSchema>;

/**
 * Where a document's translation stands (wire change, see the README: `requested` became
 * `needed`, `rejected` became `returned`; `machine-draft` and `not-needed` are new).
 * `needed` → `claimed` → `translated` → `reviewed` by a second translator, or `returned` to the
 * translator with a note; `machine-draft` is an unofficial draft, never counted as reviewed;
 * `not-needed` closes a job with a reason. The moves between them are `@mou-hub/workflows`'.
 */
export const TRANSLATION_STATUSES = ['needed', 'claimed', 'translated', 'returned', 'reviewed', 'machine-draft', 'not-needed'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

/** The document to translate: a message's body, or an attachment. */
export const TranslatableSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('message'), id: MessageId }),
  v.strictObject({ kind: v.literal('attachment'), id: AttachmentName }),
]);

/** One earlier status a `translation.status` stands for, with its time at the translating node. */
export const EarlierTranslationStatusSchema = v.strictObject({ status: v.picklist(TRANSLATION_STATUSES), at: BodyTimestamp });

/** The fields of `translation.status`; the rules between them follow. */
const TranslationFields = v.strictObject({
  document: TranslatableSchema,
  sourceLang: LanguageTag,
  targetLang: LanguageTag,
  status: v.picklist(TRANSLATION_STATUSES),
  translator: v.optional(OfficerSchema),
  reviewer: v.optional(OfficerSchema),
  /** The translated document, once there is one: an attachment, or the SHA-256 of the translated text. */
  translation: v.optional(Sha256Ref),
  /** Why a translation is not needed, or anything the other side should know. */
  note: v.optional(Text(2000)),
  /**
   * The statuses the job took since its last message, oldest first, when the translating node
   * sent them with this one (changes seconds apart go as one message); `status` is the latest.
   */
  earlier: v.optional(v.pipe(v.array(EarlierTranslationStatusSchema), v.maxLength(16))),
});
type TranslationFields = v.InferOutput<typeof TranslationFields>;

/** A rule of `translation.status`: `key` is required in the listed statuses. */
function requiredIn(key: 'translator' | 'reviewer' | 'translation' | 'note', statuses: readonly TranslationStatus[]) {
  return v.rawCheck<TranslationFields>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const body = dataset.value;
    if (statuses.includes(body.status) && body[key] === undefined) {
      addIssue({ message: `${key} is required when the status is ${statuses.join(' or ')}`, path: pathIn(body, [key]) });
    }
  });
}

/** `translation.status`: a step of a document's translation, from request to review. */
export const TranslationStatusSchema = v.pipe(
  TranslationFields,
  v.forward(
    v.partialCheck([['sourceLang'], ['targetLang']], (t) => t.sourceLang !== t.targetLang, ruleMessage('languages-differ')),
    ['targetLang'],
  ),
  requiredIn('translator', ['claimed', 'translated', 'returned', 'reviewed']),
  requiredIn('translation', ['translated', 'reviewed', 'machine-draft']),
  requiredIn('reviewer', ['returned', 'reviewed']),
  requiredIn('note', ['not-needed']),
);
export type TranslationStatusBody = v.InferOutput<typeof TranslationStatusSchema>;
