import type { TreeHead } from './head.ts';
import { verifyConsistency } from './merkle.ts';

/** The last head of a log a watcher (the audit, a counterpart) accepted. */
export interface Witnessed {
  size: number;
  root: string;
}

/** A node's request to witness a head: the head, and a consistency proof from a size the witness saw. */
export interface WitnessRequest {
  head: string;
  /** Consistency proof from `from` (the size the node believes the witness saw last) to the head's size. */
  proof?: { from: number; hashes: string[] };
}

/** The witness's verdict on a verified head. */
export type WitnessVerdict =
  | { kind: 'accept' }
  | { kind: 'need'; from: number }
  | { kind: 'alarm'; alarm: 'fork' | 'rollback'; detail: string };

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));

/**
 * Whether a signed head extends what a watcher (the audit's witness, a counterpart) saw of its
 * log. The first head of a log is taken as it is (nobody can know an earlier history); after that the head must be
 * the same tree or a larger one whose consistency proof ties it to the witnessed root.
 *
 * @example
 * judgeHead({ size: 10, root }, head, { from: 10, hashes }); // { kind: 'accept' }
 */
export function judgeHead(last: Witnessed | undefined, head: TreeHead, proof: WitnessRequest['proof']): WitnessVerdict {
  if (!last) return { kind: 'accept' };
  if (head.size < last.size) {
    return { kind: 'alarm', alarm: 'rollback', detail: `head of size ${head.size} is smaller than the witnessed head of size ${last.size}` };
  }
  if (head.size === last.size) {
    return head.root === last.root
      ? { kind: 'accept' }
      : { kind: 'alarm', alarm: 'fork', detail: `head of size ${head.size} has another root than the witnessed head of the same size` };
  }
  if (!proof || proof.from !== last.size) return { kind: 'need', from: last.size };
  const ok = verifyConsistency(last.size, head.size, bytes(last.root), bytes(head.root), proof.hashes.map(bytes));
  return ok
    ? { kind: 'accept' }
    : { kind: 'alarm', alarm: 'fork', detail: `head of size ${head.size} is not consistent with the witnessed head of size ${last.size}: the log was rewritten` };
}
