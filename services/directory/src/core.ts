import { signDirectory, verifyDirectory, type DirectorySnapshot, type PrivateJwk, type PublicJwk } from '@mou-hub/protocol';
import { applyChange, type DirectoryChange } from './domain/index.ts';
import type { ChangeResult } from './domain/problem.ts';
import type { DirectoryPublisher } from './publish.ts';
import type { VersionRow, VersionStore } from './store/index.ts';

/** The directory service's logic: the version history, the KV copy, and the root key. */
export interface DirectoryCore {
  /** Makes sure KV and history hold a directory (publishing the seed the first time). */
  initialize(seed?: DirectorySnapshot): Promise<VersionRow>;
  /** The newest version known to this process. */
  latest(): Promise<VersionRow>;
  /**
   * Applies a change to the directory currently in KV, signs it and compare-and-sets it.
   * Rejects with `PublishConflict` when another writer got there first.
   */
  change(change: DirectoryChange, changedBy: string): Promise<ChangeResult<VersionRow>>;
  /** Records a version published by another process (seen by the follower). */
  remember(jws: string): Promise<void>;
}

/** Something that stops the service from starting or working: the KV holds what it cannot trust. */
export class DirectoryStateError extends Error {
  override readonly name = 'DirectoryStateError';
}

export interface CoreDeps {
  store: VersionStore;
  publisher: DirectoryPublisher;
  /** The online signing key and its root-signed certificate (see signing.ts). */
  signingKey: PrivateJwk;
  signingCertificate: string;
  rootKeys: PublicJwk[];
  now?: () => Date;
}

/**
 * @example
 * const core = directoryCore({ store, publisher, signingKey, signingCertificate, rootKeys });
 * await core.initialize(seed);
 * const r = await core.change({ kind: 'add-agency', agency }, 'admin');
 */
export function directoryCore(deps: CoreDeps): DirectoryCore {
  const now = deps.now ?? (() => new Date());

  // Checked before it goes to KV: a certificate that ran out must not publish what nodes refuse.
  const sign = async (snapshot: DirectorySnapshot) => {
    const jws = await signDirectory(snapshot, deps.signingKey, deps.signingCertificate);
    const r = await verifyDirectory(jws, deps.rootKeys);
    if (!r.ok) throw new DirectoryStateError(`nodes would refuse this version (renew the certificate with mou root certify): ${r.reason}`);
    return jws;
  };

  const verified = async (jws: string) => {
    const r = await verifyDirectory(jws, deps.rootKeys);
    if (!r.ok) throw new DirectoryStateError(`the directory in KV does not verify with the pinned root keys: ${r.reason}`);
    return r;
  };

  const record = async (jws: string, summary: string, changedBy: string, authoritative = false): Promise<VersionRow> => {
    const r = await verified(jws);
    const row = { version: r.version, jws, hash: r.hash, issued: r.snapshot.issued, summary, changed_by: changedBy };
    await deps.store.record(row, authoritative);
    return (await deps.store.get(r.version)) ?? row;
  };

  return {
    async initialize(seed) {
      const entry = await deps.publisher.read();
      const held = await deps.store.latest();
      if (entry) {
        const inKv = await verified(entry.jws);
        // KV restored from an older backup than our history: publish our newer version again.
        if (held && held.version > inKv.version) await deps.publisher.publish(held.jws, entry.revision);
        else await record(entry.jws, 'published by another directory process', 'kv');
        return this.latest();
      }
      if (held) {
        await deps.publisher.publish(held.jws, undefined);
        return held;
      }
      if (!seed) throw new DirectoryStateError('no directory in KV nor in the history, and no seed snapshot given');
      const jws = await sign({ ...seed, issued: now().toISOString() });
      await deps.publisher.publish(jws, undefined);
      return record(jws, `seed: ${seed.agencies.length} agencies, ${seed.agreements.length} agreements`, 'seed', true);
    },

    async latest() {
      const row = await deps.store.latest();
      if (!row) throw new DirectoryStateError('the directory is not initialized');
      return row;
    },

    async change(change, changedBy) {
      const entry = await deps.publisher.read();
      if (!entry) throw new DirectoryStateError('the directory key is missing from KV');
      const current = await verified(entry.jws);
      const applied = applyChange(current.snapshot, change, now().toISOString());
      if (!applied.ok) return applied;
      const jws = await sign(applied.value.snapshot);
      await deps.publisher.publish(jws, entry.revision);
      return { ok: true, value: await record(jws, applied.value.summary, changedBy, true) };
    },

    async remember(jws) {
      await record(jws, 'published by another directory process', 'kv');
    },
  };
}
