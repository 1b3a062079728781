/** Bodies of the border handover (DOMAIN.md steps 4 and 5). */
import * as v from 'valibot';
import { MessageId } from '../names.ts';
import { ruleMessage } from '../rules.ts';
import { AttachmentRef, BodyTimestamp, IsoDate, isUniqueBy, List, LocalTime, OfficerSchema, PersonRef, Text } from './common.ts';

/** Border checkpoints where the agreements hand persons over. */
export const CHECKPOINTS = [
  'nong-khai-vientiane-friendship-bridge',
  'cau-treo',
  'boten-mohan',
  'phou-lakkham',
] as const;

/** A known checkpoint by id, or `other` with its name. */
export const CheckpointSchema = v.variant('id', [
  v.strictObject({ id: v.picklist(CHECKPOINTS) }),
  v.strictObject({ id: v.literal('other'), name: Text(200) }),
]);
export type Checkpoint = v.InferOutput<typeof CheckpointSchema>;

const PersonRefs = v.pipe(
  List(PersonRef, 1, 50),
  v.check((refs) => new Set(refs).size === refs.length, ruleMessage('distinct-persons')),
);

/** `repatriation.handover.proposal`: when, where and with whom the host side hands persons over. */
export const HandoverProposalSchema = v.strictObject({
  date: IsoDate,
  time: v.optional(LocalTime),
  checkpoint: CheckpointSchema,
  escorts: List(OfficerSchema, 1, 20),
  persons: PersonRefs,
  note: v.optional(Text(2000)),
});
export type HandoverProposalBody = v.InferOutput<typeof HandoverProposalSchema>;

/**
 * `repatriation.handover.confirmation`: the receiving side accepts the proposal, or declines it
 * and proposes another date (and checkpoint) with a reason.
 */
export const HandoverConfirmationSchema = v.variant('confirmed', [
  v.strictObject({
    proposal: MessageId,
    confirmed: v.literal(true),
    /** Officers who will receive the persons, when known. */
    receivingOfficers: v.optional(List(OfficerSchema, 1, 20)),
  }),
  v.strictObject({
    proposal: MessageId,
    confirmed: v.literal(false),
    alternativeDate: IsoDate,
    alternativeTime: v.optional(LocalTime),
    alternativeCheckpoint: v.optional(CheckpointSchema),
    reason: Text(2000),
  }),
]);
export type HandoverConfirmationBody = v.InferOutput<typeof HandoverConfirmationSchema>;

/** Who signed the handover record of one person. */
export const HandoverSignaturesSchema = v.strictObject({
  handingOfficer: v.boolean(),
  receivingOfficer: v.boolean(),
  /** The person themself, where the form asks for it. */
  person: v.optional(v.boolean()),
  /** The scanned signed form. */
  form: v.optional(AttachmentRef),
});

/** The handover of one person at the border. */
export const HandoverRecordSchema = v.strictObject({
  personRef: PersonRef,
  handedOverAt: BodyTimestamp,
  checkpoint: CheckpointSchema,
  handingOfficer: OfficerSchema,
  receivingOfficer: OfficerSchema,
  signatures: HandoverSignaturesSchema,
  notes: v.optional(Text(5000)),
});
export type HandoverRecord = v.InferOutput<typeof HandoverRecordSchema>;

/**
 * `repatriation.handover.completed`: one record per person handed over. The host side sends
 * it; the receiving side answers with the same records and `countersigns` set, so each record
 * carries both agencies' signatures.
 */
export const HandoverCompletedSchema = v.strictObject({
  /** The proposal that was confirmed. */
  proposal: MessageId,
  /** On the receiving side's countersignature: the id of the host's completion it signs. */
  countersigns: v.optional(MessageId),
  records: v.pipe(
    List(HandoverRecordSchema, 1, 50),
    v.check((list) => isUniqueBy(list, (r) => r.personRef), ruleMessage('one-record-per-person')),
  ),
});
export type HandoverCompletedBody = v.InferOutput<typeof HandoverCompletedSchema>;
