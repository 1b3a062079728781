import { DIRECTORY_KEY, directoryKv, type Bus } from '@mou-hub/bus';
import { Directory, type PublicJwk } from '@mou-hub/protocol';
import { judgeDirectory, type Held } from './judge.ts';

/** The last snapshot a follower refused. */
export interface Refusal {
  /** When it was refused (RFC 3339). */
  at: string;
  /** Why: bad signature, unpinned root key, rollback, invalid snapshot… */
  reason: string;
  /** Its version, when it could be read. */
  version?: number;
}

/** What a node reports about its directory, e.g. in `/readyz`. */
export interface DirectoryStatus {
  /** Version of the snapshot in use. */
  version: number;
  /** `sha256:<base64url>` of its JWS. */
  hash: string;
  /** The snapshot's own `issued` (RFC 3339): how old the Secretariat's word is. */
  issued: string;
  /** When this node took it (RFC 3339). */
  loadedAt: string;
  /** The latest snapshot refused since start, if any. */
  lastRefusal?: Refusal;
  /**
   * Present while the node runs on its stored snapshot because the directory could not be read
   * at start (a post whose link is down): since when, and the read error. Gone at the first read
   * that succeeds (the newer version, if any, is then in use).
   */
  fromStore?: { since: string; error: string };
}

/** A snapshot just taken, with its signed form. */
export interface DirectoryUpdate {
  version: number;
  hash: string;
  /** The snapshot's `issued`. */
  issued: string;
  jws: string;
}

/** Options of {@link followDirectory}. */
export interface FollowOptions {
  /** The Secretariat root public keys this node pins (from its own config, never from the KV). */
  rootKeys: PublicJwk[];
  /** Called after each snapshot taken, the first one included. */
  onChange?: (directory: Directory, update: DirectoryUpdate) => void;
  /** Called for each snapshot refused. */
  onRefusal?: (refusal: Refusal) => void;
  /** A pino-like logger. */
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** How long to wait at start for a valid snapshot; 30 s by default. */
  startTimeoutMs?: number;
  /** How often the KV key is read; 1 s by default (a new version is in use within it). */
  pollMs?: number;
  /**
   * The highest version this node accepted before (persist it from `onChange`): an older
   * snapshot in KV is refused at start as a rollback, and the node does not start on it.
   */
  floor?: Held;
  /**
   * The JWS of the last snapshot this node verified (kept by the node, e.g. in its database).
   * Never trusted as it is: verified again against `rootKeys` and `floor`. Used only when the
   * directory cannot be read at start (the bucket unreachable: a post's link down): the node
   * starts on it instead of waiting, says so in `status().fromStore`, and takes a newer version
   * as soon as a read succeeds. A stored snapshot that does not verify fails such a start at once.
   */
  stored?: string;
}

/** A live, verified view of the directory. */
export interface DirectoryFollower {
  /** The snapshot in use: the newest valid one seen. */
  current(): Directory;
  /** The JWS of the snapshot in use, as published. */
  jws(): string;
  status(): DirectoryStatus;
  /** Stops following; `current()` keeps answering with the last snapshot. */
  stop(): Promise<void>;
  /**
   * Resolves once the directory has been read since start (at once when the node started from
   * it), the newer version it held, if any, taken: wait on it before judging what arrives through
   * a link that was down, so that a key revoked meanwhile is honoured.
   */
  read(): Promise<void>;
}

type Kv = Awaited<ReturnType<typeof directoryKv>>;

/** How often the key is read; a new version is taken within this. */
const POLL_MS = 1_000;
const td = new TextDecoder();

/**
 * Loads the signed directory from KV `mou-directory`/`current`, waiting (up to `startTimeoutMs`)
 * until a valid one is there, then reads the key every `pollMs` (1 s): a newer valid snapshot
 * replaces the current one within that; a forged one, or an older version (rollback, also
 * against `floor` at start), is refused and reported in `status().lastRefusal` while the last
 * good one stays in use. With `stored` (the node's own copy of the last snapshot it verified),
 * a start whose first read fails (a post's link down) does not wait: it runs on the stored
 * snapshot once it verifies against the pinned root and the floor, and fails at once if it does not.
 *
 * @example
 * const follower = await followDirectory(bus, { rootKeys: config.rootKeys, log });
 * follower.current().maySend('la-th', 'th-msdhs', 'la-mlsw', 'repatriation.request');
 * // A post's node, whose link may be down when it starts:
 * await followDirectory(bus, { rootKeys, floor, stored: await storedDirectory(db) });
 */
export async function followDirectory(bus: Bus, opts: FollowOptions): Promise<DirectoryFollower> {
  if (opts.rootKeys.length === 0) throw new Error('followDirectory: no root keys to pin');
  let held: (Held & { directory: Directory; jws: string; issued: string; loadedAt: string }) | undefined;
  let lastRefusal: Refusal | undefined;
  let stopped = false;
  let firstTaken: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstTaken = resolve));
  // The first read that failed (the bucket unreachable), before any snapshot was taken.
  let firstFailed: (error: string) => void = () => undefined;
  const unreachable = new Promise<string>((resolve) => (firstFailed = resolve));
  let fromStore: { since: string; error: string } | undefined;
  let readOnce: () => void = () => undefined;
  const readDone = new Promise<void>((resolve) => (readOnce = resolve));

  const refuse = (reason: string, version?: number): void => {
    lastRefusal = { at: new Date().toISOString(), reason, ...(version === undefined ? {} : { version }) };
    opts.log?.warn({ reason, version, held: held?.version }, 'directory refused');
    opts.onRefusal?.(lastRefusal);
  };

  const take = async (jws: string): Promise<void> => {
    const j = await judgeDirectory(jws, opts.rootKeys, held, opts.floor);
    if (j.action === 'ignore') return;
    if (j.action === 'refuse') return refuse(j.reason, j.version);
    const directory = new Directory(j.snapshot);
    held = { version: j.version, hash: j.hash, issued: j.snapshot.issued, directory, jws, loadedAt: new Date().toISOString() };
    opts.log?.info({ version: j.version, hash: j.hash }, 'directory loaded');
    firstTaken();
    try {
      opts.onChange?.(directory, { version: j.version, hash: j.hash, issued: j.snapshot.issued, jws });
    } catch (error) {
      // A failing listener must not stop the node from following.
      opts.log?.warn({ err: String(error) }, 'directory onChange listener failed');
    }
  };

  // The key is polled with a get, not watched: reading needs no consumer on the KV stream, so
  // the broker grants none (infra/src/nats-auth.ts). Only the latest version matters.
  let seen: number | undefined; // the revision judged last
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    let kv: Kv | undefined;
    while (!stopped) {
      try {
        kv ??= await directoryKv(bus);
        const entry = await kv.get(DIRECTORY_KEY);
        if (entry && entry.revision !== seen) {
          seen = entry.revision;
          if (entry.operation !== 'PUT') refuse(`the key was removed (${entry.operation}); keeping version ${held?.version ?? 'none'}`);
          else await take(td.decode(entry.value));
        }
        if (fromStore) opts.log?.info({ version: held?.version, since: fromStore.since }, 'directory read again; the stored snapshot is no longer alone');
        fromStore = undefined;
        readOnce();
      } catch (error) {
        kv = undefined; // bucket missing at start, server gone: bind again
        if (!held) firstFailed(String(error));
        if (!stopped) opts.log?.warn({ err: String(error) }, 'directory read failed; retrying');
      }
      if (!stopped) await pause(opts.pollMs ?? POLL_MS);
    }
  })();

  const stop = async (): Promise<void> => {
    stopped = true;
    wake?.();
    await loop;
  };

  // The stored snapshot is judged like one read from the KV: signature, pinned root, floor.
  const stored = opts.stored === undefined ? undefined : await judgeDirectory(opts.stored, opts.rootKeys, undefined, opts.floor);
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  // Without a stored snapshot, a read that fails is retried until the timeout, as before.
  const fallback = stored ? unreachable.then((error) => ({ error })) : new Promise<never>(() => undefined);
  const outcome = await Promise.race([first.then(() => 'ok' as const), timedOut, fallback]);
  clearTimeout(timer);
  if (typeof outcome === 'object' && !held && stored) {
    if (stored.action !== 'accept') {
      await stop();
      throw new Error(
        `followDirectory: the directory cannot be read (${outcome.error}) and the stored directory snapshot was refused: ${stored.action === 'refuse' ? stored.reason : stored.action}; ` +
          'the node does not start on it (remove the stored snapshot only to wait for the directory)',
      );
    }
    const directory = new Directory(stored.snapshot);
    const now = new Date().toISOString();
    held = { version: stored.version, hash: stored.hash, issued: stored.snapshot.issued, directory, jws: opts.stored!, loadedAt: now };
    fromStore = { since: now, error: outcome.error };
    opts.log?.warn({ version: stored.version, issued: stored.snapshot.issued, err: outcome.error }, 'directory cannot be read: starting on the stored snapshot');
    try {
      opts.onChange?.(directory, { version: stored.version, hash: stored.hash, issued: stored.snapshot.issued, jws: opts.stored! });
    } catch (error) {
      opts.log?.warn({ err: String(error) }, 'directory onChange listener failed');
    }
  }
  if (outcome === 'timeout' || !held) {
    await stop();
    const why = lastRefusal ? `; last refused: ${lastRefusal.reason}` : '';
    throw new Error(`followDirectory: no valid directory in KV mou-directory/${DIRECTORY_KEY} after ${timeoutMs} ms${why}`);
  }

  return {
    current: () => held!.directory,
    jws: () => held!.jws,
    status: () => ({
      version: held!.version,
      hash: held!.hash,
      issued: held!.issued,
      loadedAt: held!.loadedAt,
      ...(lastRefusal ? { lastRefusal } : {}),
      ...(fromStore ? { fromStore } : {}),
    }),
    stop,
    read: () => readDone,
  };
}
