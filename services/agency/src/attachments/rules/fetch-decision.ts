import type { AttachmentState } from '../attachments-schema.ts';

/** What one try to fetch a received attachment found. */
export type FetchOutcome =
  /** Fetched, hashed to its name, decrypted, and matched the message's digest and size. */
  | { kind: 'verified' }
  /** Not in the sender's stream, or only some of its parts. */
  | { kind: 'missing'; code: 'not-found' | 'incomplete' }
  /** The bytes are wrong: they do not hash to the name, decrypt, or match digest or size. */
  | { kind: 'corrupt'; code: string }
  /** The broker could not be asked (down, timeout): nothing was learnt. */
  | { kind: 'unavailable' };

/** The row's next state, why, and when to try again (null: never). */
export interface FetchDecision {
  state: AttachmentState;
  detail: { code: string } | null;
  retryInMs: number | null;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15 * 60_000;

/**
 * Decides what a fetch try means for a received attachment. A missing one is shown as
 * `attachment-missing` at once (its message was only published after its upload, so it should
 * be there) and is still tried again with backoff, in case it arrives late; a corrupt one is
 * final; an unreachable broker changes nothing but the next try.
 *
 * @example
 * afterFetch('fetching', 0, { kind: 'missing', code: 'not-found' }); // { state: 'attachment-missing', … }
 */
export function afterFetch(current: AttachmentState, attempts: number, outcome: FetchOutcome): FetchDecision {
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempts, 20));
  switch (outcome.kind) {
    case 'verified':
      return { state: 'verified', detail: null, retryInMs: null };
    case 'missing':
      return { state: 'attachment-missing', detail: { code: outcome.code }, retryInMs: backoff };
    case 'corrupt':
      return { state: 'attachment-corrupt', detail: { code: outcome.code }, retryInMs: null };
    case 'unavailable':
      return { state: current, detail: null, retryInMs: backoff };
  }
}
