import type { FieldIssue } from './issues.ts';

/** A field problem a caller names by hand: where, and what was expected; the rest is filled in. */
export type IssueInput = Pick<FieldIssue, 'path' | 'message'> & Partial<FieldIssue>;

/** `issue` in the one {@link FieldIssue} shape (`kind: 'invalid'` unless given). */
function complete(issue: IssueInput): FieldIssue {
  return { kind: 'invalid', expected: null, params: {}, ...issue };
}

/** Stable codes of {@link ProtocolError}: a caller's mistake, never a property of a received message. */
export type ProtocolErrorCode =
  /** `seal` was given a body, envelope field or key that does not fit the protocol. */
  | 'seal-invalid'
  /** A key given to the key functions is not an OKP key of the expected curve. */
  | 'key-invalid'
  /** A directory snapshot handed to `signDirectory` or `new Directory` is not valid. */
  | 'directory-invalid';

/**
 * The one error the protocol package throws, for programmer errors only. Received messages
 * never throw: `open` returns their problems as data.
 *
 * @example
 * try { await seal(input, keys) } catch (e) {
 *   if (e instanceof ProtocolError) return c.json({ code: e.code, issues: e.issues }, 400);
 *   throw e;
 * }
 */
export class ProtocolError extends Error {
  /** Stable machine code. */
  readonly code: ProtocolErrorCode;
  /** Field problems, with paths and expectations but never the offending values. */
  readonly issues: readonly FieldIssue[];

  constructor(code: ProtocolErrorCode, message: string, issues: readonly IssueInput[] = []) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.issues = issues.map(complete);
  }
}

/**
 * Thrown by `seal` when its input does not fit the protocol: the sender's API answers 400 with
 * `issues`.
 *
 * @example
 * if (e instanceof SealError) return c.json({ issues: e.issues }, 400);
 */
export class SealError extends ProtocolError {
  constructor(message: string, issues: readonly IssueInput[] = []) {
    super('seal-invalid', message, issues);
    this.name = 'SealError';
  }
}
