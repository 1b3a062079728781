import * as v from 'valibot';
import { AgencyId, AgreementId, BUSINESS_TYPES, LanguageTag, MessageId, PROBLEM_CODES, PROTOCOL_TYPES, StatsSchema, Timestamp } from '@mou-hub/protocol';
import { OUTBOX_STATUSES } from '../rules/delivery-status.ts';

/** Login form. */
export const LoginRequest = v.strictObject({
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
});
/** A bearer token for the other routes. */
export const LoginResponse = v.object({ token: v.string() });

/** What an officer sends; the body is checked against its type's schema after this. */
export const SendRequest = v.strictObject({
  to: AgencyId,
  agreement: AgreementId,
  type: v.picklist(BUSINESS_TYPES),
  lang: LanguageTag,
  body: v.record(v.string(), v.unknown()),
  thid: v.optional(MessageId),
  replyTo: v.optional(MessageId),
  expires: v.optional(Timestamp),
  /** The envelope's own schema: what the API accepts, the recipient accepts (no 202 then `failed`). */
  stats: v.optional(StatsSchema),
});
export type SendRequest = v.InferOutput<typeof SendRequest>;

/** The answer to a send: committed to the outbox, not yet on the wire. */
export const Accepted = v.object({ id: MessageId, status: v.literal('queued') });

const Status = v.picklist(OUTBOX_STATUSES);
/** A message as the API shows it, sent (`out`, with status and history) or received (`in`). */
export const MessageView = v.object({
  id: MessageId,
  direction: v.picklist(['out', 'in']),
  from: AgencyId,
  to: AgencyId,
  agreement: AgreementId,
  type: v.string(),
  thid: MessageId,
  replyTo: v.nullable(MessageId),
  lang: v.nullable(v.string()),
  created: Timestamp,
  expires: v.nullable(Timestamp),
  body: v.unknown(),
  status: v.optional(Status),
  history: v.optional(v.array(v.object({ status: Status, at: Timestamp, detail: v.nullable(v.string()) }))),
  problem: v.optional(v.nullable(v.object({ code: v.string(), detail: v.string() }))),
  envelopeHash: v.nullable(v.string()),
  receivedAt: v.optional(Timestamp),
});

/** The `limit` and `offset` query parameters every list takes. */
export const Page = {
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(200)), '50'),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)), '0'),
};
/** A case thread: its messages both ways, oldest first. */
export const ThreadView = v.object({ thid: MessageId, messages: v.array(MessageView) });

/** Filters and page of `GET /api/v1/inbox`. */
export const InboxQuery = v.strictObject({
  ...Page,
  type: v.optional(v.picklist([...BUSINESS_TYPES, ...PROTOCOL_TYPES])),
  thid: v.optional(MessageId),
  from: v.optional(AgencyId),
});
/** One page of the inbox. */
export const InboxPage = v.object({ items: v.array(MessageView), total: v.number(), limit: v.number(), offset: v.number() });

/** Filter and page of `GET /api/v1/quarantine`. */
export const QuarantineQuery = v.strictObject({ ...Page, code: v.optional(v.picklist(PROBLEM_CODES)) });
/** One page of the quarantine. */
export const QuarantinePage = v.object({
  items: v.array(
    v.object({
      id: v.optional(v.string()),
      from: v.optional(v.string()),
      kid: v.optional(v.string()),
      code: v.picklist(PROBLEM_CODES),
      detail: v.string(),
      verified: v.boolean(),
      receivedAt: Timestamp,
      size: v.number(),
      envelopeHash: v.string(),
      /** True when only a bounded prefix of the bytes was kept; `size` and `envelopeHash` describe the whole. */
      truncated: v.boolean(),
    }),
  ),
  total: v.number(),
  limit: v.number(),
  offset: v.number(),
});

/** Every error: a stable code, a human message, and for 400s the field paths. */
export const ErrorResponse = v.object({
  error: v.object({ code: v.string(), message: v.string(), details: v.optional(v.unknown()) }),
});
