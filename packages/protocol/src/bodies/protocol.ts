/** Bodies of the protocol types, sent in clear and fixed by PROTOCOL.md. */
import * as v from 'valibot';
import { MessageId } from '../names.ts';
import { PROBLEM_CODES } from '../problem-codes.ts';
import { BodyTimestamp, Sha256Ref } from './common.ts';

/**
 * `receipt`: the recipient verified, decrypted, validated and committed message `for`.
 * `envelope` is the SHA-256 of the exact JWS string received.
 */
export const ReceiptSchema = v.strictObject({
  for: MessageId,
  status: v.literal('accepted'),
  received: BodyTimestamp,
  envelope: Sha256Ref,
});
export type ReceiptBody = v.InferOutput<typeof ReceiptSchema>;

/** `problem`: message `for` failed the check named by `code`. */
export const ProblemSchema = v.strictObject({
  for: MessageId,
  code: v.picklist(PROBLEM_CODES),
  detail: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
});
export type ProblemBody = v.InferOutput<typeof ProblemSchema>;
