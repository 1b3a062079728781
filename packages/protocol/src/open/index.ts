export { open, DEFAULT_MAX_BYTES, DEFAULT_MAX_LAG_MS, DEFAULT_SKEW_MS, OFFLINE_POST_MS } from './open.ts';
export type { OpenContext, OpenResult, OpenedMessage, VerifiedEnvelope, Problem, CheckFailure } from './types.ts';
export { ID_IN_USE } from './checks-envelope.ts';
export { verifyOnly } from './verify-only.ts';
export type { VerifyContext, VerifyResult } from './verify-only.ts';
