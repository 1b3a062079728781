import { MerkleLog, signHead, type Signer, type TreeHead } from '@mou-hub/evidence';
import type { Logger } from '@mou-hub/service-kit';
import type { Kysely } from 'kysely';
import { latestHead, saveHead, storedLeaves, type StoredHead } from './evidence-store.ts';

/** What the head signer needs from the node. */
export interface EvidenceHeadsDeps {
  agency: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  /** The agency's signing key valid at an instant (`keys.signerAt(directory, at).signingKey()`). */
  signer: (at: Date) => Promise<Signer>;
  log: Logger;
  /** How often a new head is signed when the log grew (default 60 s). */
  intervalMs?: number;
  /**
   * Called with each new head, and again with the last one while it has no countersignature (to
   * have it witnessed); its failure is logged, never thrown.
   */
  onHead?: (head: StoredHead, heads: EvidenceHeads) => Promise<void>;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
/** Leaves hashed into the tree at a time when a long log is read (a power of two). */
const HASH_SLICE = 4096;

/**
 * Signs the node's tree heads: at a fixed interval when the log grew, and on demand (an
 * export). Keeps the leaf hashes in memory, reading only the rows appended since the last
 * look, so a head costs the new rows and one root, never a pass over the whole log on disk.
 */
export class EvidenceHeads {
  readonly #log = new MerkleLog();
  /** The row key (`seq`) of each leaf, by position: a page of the log is then read by key, not by offset. */
  readonly #seqs: number[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EvidenceHeadsDeps) {}

  #reading: Promise<MerkleLog> = Promise.resolve(this.#log);
  /**
   * The log with every committed entry, for proofs. One read at a time: two at once (a head
   * being signed and a push to the counterparts) would both append the same new rows, and every
   * later root would be wrong.
   */
  tree(): Promise<MerkleLog> {
    const read = async (): Promise<MerkleLog> => {
      for (const { seq, leaf } of await storedLeaves(this.deps.db, this.#seqs.at(-1) ?? 0)) {
        this.#log.append(leaf);
        this.#seqs.push(seq);
        // A long log (the first read after a start) is hashed a slice at a time, the event loop's
        // turn between slices: the tree keeps each slice's subtrees, so the first head hashes
        // only the rest, instead of holding the loop for seconds (200,000 entries: 3-5 s here).
        if (this.#log.size % HASH_SLICE === 0) {
          this.#log.root();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      return this.#log;
    };
    const next = this.#reading.then(read, read);
    this.#reading = next;
    return next;
  }

  /** The row key of the entry at `position` of the log as last read by {@link tree} (await it first). */
  seqAt(position: number): number {
    const seq = this.#seqs[position];
    if (seq === undefined) throw new RangeError(`no entry ${position} in the evidence log read so far (${this.#seqs.length})`);
    return seq;
  }

  /** Signs a head over the whole log now, unless the last head already covers it; answers the head. */
  sign(now = new Date()): Promise<StoredHead> {
    // One signing at a time: two would race for the same size.
    const next = this.#running.then(() => this.#sign(now));
    this.#running = next.catch(() => undefined);
    return next;
  }

  async #sign(now: Date): Promise<StoredHead> {
    const tree = await this.tree();
    const last = await latestHead(this.deps.db);
    if (last && last.size === tree.size) {
      // The log did not grow, but its head may still lack a witness (the audit was away or slow,
      // or another signer's request is still out): ask again, so an export right after the last
      // message, or the next interval, gets a witnessed head once the audit answers.
      if (last.countersignatures.length > 0 || !this.deps.onHead) return last;
      return this.#witness(last);
    }
    const head: TreeHead = { v: 1, log: this.deps.agency, size: tree.size, root: b64(tree.root()), time: now.toISOString() };
    const signer = await this.deps.signer(now);
    const jws = await signHead(head, signer);
    await saveHead(this.deps.db, { size: head.size, root: head.root, time: head.time, jws });
    // Another signer of this log (mou evidence export beside the running node) may have stored a
    // head of this size first: that one is the head of record, and the one to have witnessed.
    const fresh = (await latestHead(this.deps.db, { atLeast: head.size })) ?? { size: head.size, root: head.root, time: head.time, jws, countersignatures: [] };
    return this.deps.onHead ? this.#witness(fresh) : fresh;
  }

  /** Has `head` witnessed (and shown) through `onHead`; answers it with the countersignatures it has then. */
  async #witness(head: StoredHead): Promise<StoredHead> {
    await this.deps.onHead?.(head, this).catch((err: unknown) => this.deps.log.warn({ err: String(err), size: head.size }, 'evidence head not witnessed'));
    return (await latestHead(this.deps.db, { atLeast: head.size })) ?? head;
  }

  /** Signs a head every `intervalMs` when the log grew. */
  start(): void {
    const every = this.deps.intervalMs ?? 60_000;
    this.#timer = setInterval(() => {
      void this.sign().catch((err: unknown) => this.deps.log.error({ err: String(err) }, 'evidence head not signed'));
    }, every);
    this.#timer.unref();
  }

  /** Stops the interval and waits for a signing in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
