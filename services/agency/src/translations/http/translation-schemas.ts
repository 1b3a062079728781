import * as v from 'valibot';
import { LanguageTag, MessageId, Sha256Ref, TRANSLATION_STATUSES, TranslatableSchema } from '@mou-hub/protocol';
import { TRANSLATION_ACTIONS } from '@mou-hub/workflows';
import { Page } from '../../messages/http/schemas.ts';

/** `GET /api/v1/translations` query: filters and page. */
export const TranslationQuery = v.strictObject({
  ...Page,
  status: v.optional(v.picklist(TRANSLATION_STATUSES)),
  sourceLang: v.optional(LanguageTag),
  targetLang: v.optional(LanguageTag),
});

/** A job in the translator's queue. */
export const TranslationItem = v.object({
  id: MessageId,
  /** The case (thread id) the document belongs to. */
  case: MessageId,
  document: TranslatableSchema,
  sourceLang: LanguageTag,
  targetLang: LanguageTag,
  status: v.picklist(TRANSLATION_STATUSES),
  updatedAt: v.string(),
  /** When the step waiting for this translation is due, if known. */
  due: v.nullable(v.string()),
});

/** A page of the queue, oldest first. */
export const TranslationPage = v.object({ items: v.array(TranslationItem), total: v.number(), limit: v.number(), offset: v.number() });

/** One job in full: who did what, each status, every version of the translation, and the original. */
export const TranslationDetail = v.object({
  ...TranslationItem.entries,
  origin: v.picklist(['policy', 'requested', 'counterpart']),
  translator: v.nullable(v.string()),
  reviewer: v.nullable(v.string()),
  history: v.array(v.object({ status: v.picklist(TRANSLATION_STATUSES), at: v.string(), actor: v.nullable(v.string()), note: v.optional(v.string()) })),
  versions: v.array(
    v.object({
      version: v.number(),
      kind: v.picklist(['human', 'machine']),
      text: v.nullable(v.string()),
      attachment: v.nullable(v.string()),
      digest: v.string(),
      translator: v.nullable(v.string()),
      reviewer: v.nullable(v.string()),
      submittedAt: v.string(),
      reviewedAt: v.nullable(v.string()),
    }),
  ),
  /** The original message beside its translation (absent for an attachment). */
  original: v.optional(v.object({ type: v.string(), lang: v.nullable(v.string()), body: v.unknown() })),
});

/** `POST /api/v1/translations/:id/:action` path. */
export const TranslationActionParams = v.strictObject({ id: MessageId, action: v.picklist(TRANSLATION_ACTIONS) });

const Note = v.pipe(v.string(), v.minLength(1), v.maxLength(2000), v.check((s) => s.trim().length > 0, 'must not be blank'));

/**
 * The action's body: `text` for `submit` and `machine-draft` (or `attachment`, a translated file
 * uploaded through the case's attachments), `note` for `return`, `reason` for `not-needed`;
 * `claim` and `approve` take none.
 */
export const TranslationActionBody = v.strictObject({
  text: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100_000), v.check((s) => s.trim().length > 0, 'must not be blank'))),
  /** A translated file: the `sha256:` digest of the attachment the upload answered with. */
  attachment: v.optional(Sha256Ref),
  note: v.optional(Note),
  reason: v.optional(Note),
});

/** Which field each action needs. */
export const ACTION_NEEDS: Partial<Record<v.InferOutput<typeof TranslationActionParams>['action'], 'text' | 'note' | 'reason'>> = {
  submit: 'text',
  'machine-draft': 'text',
  return: 'note',
  'not-needed': 'reason',
};

/** `POST /api/v1/translations`: a supervisor asks for a job that policy did not create. */
export const TranslationRequest = v.strictObject({
  /** The case; needed for an attachment, taken from the message otherwise. */
  case: v.optional(MessageId),
  document: TranslatableSchema,
  /** The document's language; taken from the message when absent. */
  sourceLang: v.optional(LanguageTag),
  targetLang: LanguageTag,
});

/** One translation of a case as `GET /api/v1/cases/:id` lists it, the same on both sides. */
export const CaseTranslationView = v.object({
  id: MessageId,
  document: TranslatableSchema,
  sourceLang: LanguageTag,
  targetLang: LanguageTag,
  status: v.picklist(TRANSLATION_STATUSES),
  updatedAt: v.string(),
  /** The side of the case that translates. */
  side: v.picklist(['initiator', 'responder']),
  /** The agency that translates. */
  heldBy: v.string(),
  /** Every status, oldest first, with its time at the translating node. */
  history: v.array(v.object({ status: v.picklist(TRANSLATION_STATUSES), at: v.string() })),
  /** This node's latest version of its own job, beside the original in the timeline. */
  translation: v.optional(
    v.object({ version: v.number(), kind: v.picklist(['human', 'machine']), text: v.nullable(v.string()), attachment: v.nullable(v.string()), reviewed: v.boolean() }),
  ),
});
