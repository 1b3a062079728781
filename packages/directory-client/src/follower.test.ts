import { connectBus, DIRECTORY_KEY, directoryKv, type Bus } from '@mou-hub/bus';
import {
  generateRootKey,
  publicJwk,
  signDirectory,
  type DirectorySnapshot,
  type PrivateJwk,
} from '@mou-hub/protocol';
import { startLeafSite, startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { followDirectory, type DirectoryFollower } from './follower.ts';

let server: NatsServer;
let bus: Bus;
let root: PrivateJwk;
let forger: PrivateJwk;
const followers: DirectoryFollower[] = [];

const snapshot = (version: number, note = ''): DirectorySnapshot => ({
  version,
  issued: new Date().toISOString(),
  rootKeys: [publicJwk(root)],
  agencies: [{ id: 'la-mlsw', country: 'LA', names: { en: `Ministry of Labour and Social Welfare${note}` }, roles: [], keys: [] }],
  agreements: [],
});

async function put(s: DirectorySnapshot, key: PrivateJwk = root): Promise<void> {
  await (await directoryKv(bus)).put(DIRECTORY_KEY, await signDirectory(s, key));
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function follow(opts: Partial<Parameters<typeof followDirectory>[1]> = {}): Promise<DirectoryFollower> {
  const f = await followDirectory(bus, { rootKeys: [publicJwk(root)], ...opts });
  followers.push(f);
  return f;
}

beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  [root, forger] = await Promise.all([generateRootKey('test'), generateRootKey('forger')]);
});

afterEach(async () => {
  await Promise.all(followers.splice(0).map((f) => f.stop()));
});

afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

describe('followDirectory', () => {
  it('fails with a clear error when no valid directory appears in time', async () => {
    await expect(follow({ startTimeoutMs: 300 })).rejects.toThrow(/no valid directory in KV mou-directory\/current after 300 ms/);
  });

  it('waits for the first snapshot, then takes each newer one within moments', async () => {
    await directoryKv(bus, { create: true });
    const pending = follow();
    await new Promise((r) => setTimeout(r, 200));
    await put(snapshot(1));
    const follower = await pending;
    expect(follower.current().version).toBe(1);

    const changes: number[] = [];
    const second = await follow({ onChange: (_d, u) => changes.push(u.version) });
    await put(snapshot(2));
    await until(() => follower.status().version === 2 && second.status().version === 2);
    expect(follower.current().agency('la-mlsw')?.names.en).toBe('Ministry of Labour and Social Welfare');
    expect(changes).toEqual([1, 2]);
    expect(follower.status()).toMatchObject({ version: 2, hash: expect.stringMatching(/^sha256:/) });
    expect(follower.status().lastRefusal).toBeUndefined();
  });

  it('refuses a forged snapshot and a rollback, keeping the current one and saying so', async () => {
    await put(snapshot(10));
    const follower = await follow();
    expect(follower.status().version).toBe(10);
    const goodHash = follower.status().hash;

    await put(snapshot(11, ' (forged)'), forger);
    await until(() => follower.status().lastRefusal !== undefined);
    expect(follower.status().lastRefusal?.reason).toMatch(/not a pinned root key/);
    expect(follower.status()).toMatchObject({ version: 10, hash: goodHash });

    await put(snapshot(9));
    await until(() => follower.status().lastRefusal?.version === 9);
    expect(follower.status().lastRefusal?.reason).toMatch(/rollback/);

    await put(snapshot(10, ' (same version, other content)'));
    await until(() => /already held/.test(follower.status().lastRefusal?.reason ?? ''));
    expect(follower.current().agency('la-mlsw')?.names.en).toBe('Ministry of Labour and Social Welfare');

    await put(snapshot(12));
    await until(() => follower.status().version === 12);
  });

  it('refuses at start a KV that holds only a forgery, and says why', async () => {
    await put(snapshot(20), forger);
    await expect(follow({ startTimeoutMs: 500 })).rejects.toThrow(/last refused: .*not a pinned root key/);
  });

  it('refuses at start a snapshot older than the floor (the version accepted before a restart)', async () => {
    await put(snapshot(30));
    const first = await follow();
    const floor = { version: first.status().version, hash: first.status().hash };
    await first.stop();
    await put(snapshot(29)); // an old signed version put back in KV
    await expect(follow({ startTimeoutMs: 500, floor })).rejects.toThrow(/last refused: rollback: version 29 is older than version 30 accepted before/);
    await put(snapshot(31));
    const later = await follow({ floor });
    expect(later.status()).toMatchObject({ version: 31 });
    expect(Date.parse(later.status().issued)).toBeGreaterThan(0);
  });

  describe('with a stored snapshot, when the directory cannot be read at start (a post whose link is down)', () => {
    // A bus whose JetStream API nobody answers: the hub's domain behind a cut leaf link.
    let cutOff: Bus;
    beforeAll(async () => {
      cutOff = await connectBus({ servers: server.url, domain: 'hub-behind-the-cut' });
    });
    afterAll(() => cutOff?.close());
    const followCutOff = async (opts: Partial<Parameters<typeof followDirectory>[1]>) => {
      const f = await followDirectory(cutOff, { rootKeys: [publicJwk(root)], ...opts });
      followers.push(f);
      return f;
    };

    it('starts on it at once, says so, and takes a newer version as soon as a read succeeds, never an older one', async () => {
      // A post's leaf node cut off from its hub, then joined again.
      const site = await startLeafSite();
      const hubBus = await connectBus({ servers: site.hub.url });
      const postBus = await connectBus({ servers: site.leaf.url, domain: site.hubDomain });
      const kv = await directoryKv(hubBus, { create: true });
      site.link.cut();
      try {
        const stored = await signDirectory(snapshot(40), root);
        const started = Date.now();
        const taken: number[] = [];
        const follower = await followDirectory(postBus, { rootKeys: [publicJwk(root)], stored, startTimeoutMs: 20_000, pollMs: 100, onChange: (_d, u) => taken.push(u.version) });
        followers.push(follower);
        // On the first failed read: at once (no responders) or after the JetStream API's 5 s
        // request timeout (seen in a full run: 5,003 ms), never the 20 s start timeout.
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(follower.status()).toMatchObject({ version: 40, fromStore: { error: expect.stringMatching(/.+/) } });
        expect(follower.jws()).toBe(stored);
        let read = false;
        void follower.read().then(() => (read = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(read).toBe(false);

        // Back: an older version is refused (a rollback), and the read counts.
        await kv.put(DIRECTORY_KEY, await signDirectory(snapshot(39), root));
        site.link.restore();
        await until(() => read, 20_000);
        expect(follower.status()).toMatchObject({ version: 40, lastRefusal: { version: 39, reason: expect.stringMatching(/rollback/) } });
        expect(follower.status().fromStore).toBeUndefined();
        await kv.put(DIRECTORY_KEY, await signDirectory(snapshot(41), root));
        await until(() => follower.status().version === 41);
        expect(taken).toEqual([40, 41]);
      } finally {
        await Promise.all(followers.splice(0).map((f) => f.stop()));
        await Promise.all([hubBus.close(), postBus.close()]);
        await site.stop();
      }
    });

    it('refuses to start, at once and saying why, on a tampered stored snapshot', async () => {
      const good = await signDirectory(snapshot(60), root);
      const [h, p, sig] = good.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as DirectorySnapshot;
      payload.agencies[0]!.names.en = 'Tampered';
      const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
      const started = Date.now();
      await expect(followCutOff({ stored: tampered, startTimeoutMs: 20_000 })).rejects.toThrow(
        /the directory cannot be read \(.+\) and the stored directory snapshot was refused: .*signature/,
      );
      // A forgery and a version older than the one accepted before are refused all the same.
      await expect(followCutOff({ stored: await signDirectory(snapshot(61), forger) })).rejects.toThrow(/stored directory snapshot was refused: .*not a pinned root key/);
      const floor = { version: 62, hash: 'sha256:accepted-before' };
      await expect(followCutOff({ stored: good, floor })).rejects.toThrow(/stored directory snapshot was refused: rollback: version 60 is older than version 62 accepted before/);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('without one, waits for the directory and fails as before', async () => {
      await expect(followCutOff({ startTimeoutMs: 400 })).rejects.toThrow(/no valid directory in KV mou-directory\/current after 400 ms/);
    });
  });
});
