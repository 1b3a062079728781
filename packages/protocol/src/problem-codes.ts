/**
 * The codes of PROTOCOL.md's checks, in check order. A code names the first check a message
 * failed; `open` never returns more than one.
 */
export const PROBLEM_CODES = [
  'too-large',
  'malformed',
  'unknown-key',
  'bad-signature',
  'unsupported-version',
  'sender-mismatch',
  'not-for-me',
  'agreement-violation',
  'future-dated',
  'expired',
  'replay',
  'decrypt-failed',
  'digest-mismatch',
  'schema-invalid',
  'invalid-state',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];
