import { connectBus, DIRECTORY_KEY, directoryKv, type Bus } from '@mou-hub/bus';
import {
  generateRootKey,
  publicJwk,
  signDirectory,
  type DirectorySnapshot,
  type PrivateJwk,
} from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
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
});
