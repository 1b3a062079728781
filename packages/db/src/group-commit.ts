import type { Kysely, Transaction } from 'kysely';

/** Most writes `commitSoon` puts in one transaction; the rest go in the next. */
const MAX_SOON_BATCH = 64;

/** One message's database work, run inside a shared transaction. */
export type Write<DB> = (trx: Transaction<DB>) => Promise<void>;

interface Pending<DB> {
  write: Write<DB>;
  keys: readonly string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Collects writes and commits them together: one transaction (one fsync under
 * `synchronous=FULL`) for a burst of messages instead of one each (the agency node's inbox and
 * API, the audit's ingest). A write's promise settles
 * when its transaction has committed; only then may its stream message be acked.
 * Each write names keys (message ids, thread ids, envelope hashes) so that a reader can ask
 * `flushIfPending(key)` before it reads what an earlier, uncommitted write will change.
 */
export class GroupCommit<DB> {
  private pending: Pending<DB>[] = [];
  private readonly keys = new Map<string, number>();
  private draining = false;

  constructor(private readonly db: Kysely<DB>) {}

  get size(): number {
    return this.pending.length;
  }

  /** Queues a write; the promise resolves once it is committed. */
  add(write: Write<DB>, keys: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, keys, resolve, reject });
      for (const k of keys) this.keys.set(k, (this.keys.get(k) ?? 0) + 1);
    });
  }

  /**
   * Queues a write and commits it without an explicit flush: with every write that arrives
   * before the event loop's next turn, and, while a commit is running, with everything that
   * arrives meanwhile (the API's group commit: concurrent requests share one fsync). A write
   * reads and writes inside the shared transaction, after the writes queued before it, so it
   * sees them; if it throws, only its own promise rejects (see `flush`).
   */
  commitSoon(write: Write<DB>, keys: readonly string[] = []): Promise<void> {
    const done = this.add(write, keys);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
    return done;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await this.flush(MAX_SOON_BATCH);
        // kysely's SQLite queries settle as microtasks: without a turn of the event loop here,
        // a long queue would run as one stall that the overload guard reads as saturation.
        if (this.pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Commits first if a queued write touches `key`, so that a read sees it. */
  async flushIfPending(...keys: string[]): Promise<void> {
    if (keys.some((k) => this.keys.has(k))) await this.flush();
  }

  /**
   * Commits everything queued (or the `max` oldest) in one transaction. If that fails, each write is tried in its
   * own, so one bad write cannot hold the others back; the ones that still fail reject.
   */
  async flush(max = Number.POSITIVE_INFINITY): Promise<void> {
    const batch = this.pending.slice(0, max);
    if (batch.length === 0) return;
    this.pending = this.pending.slice(batch.length);
    this.keys.clear();
    for (const p of this.pending) for (const k of p.keys) this.keys.set(k, (this.keys.get(k) ?? 0) + 1);
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const p of batch) await p.write(trx);
      });
      for (const p of batch) p.resolve();
    } catch {
      for (const p of batch) {
        try {
          await this.db.transaction().execute((trx) => p.write(trx));
          p.resolve();
        } catch (error) {
          p.reject(error);
        }
      }
    }
  }
}

const shared = new WeakMap<object, GroupCommit<unknown>>();

/**
 * The database's group commit for the API's writes, created on first use: concurrent requests
 * that queue messages share one transaction and one fsync (see `commitSoon`).
 * @example await groupCommitFor(deps.db).commitSoon(async (trx) => { await queueMessage(trx, m, atRest); });
 */
export function groupCommitFor<DB>(db: Kysely<DB>): GroupCommit<DB> {
  let commits = shared.get(db) as GroupCommit<DB> | undefined;
  if (!commits) shared.set(db, (commits = new GroupCommit(db)) as GroupCommit<unknown>);
  return commits;
}
