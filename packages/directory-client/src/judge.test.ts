import { certifySigningKey, generateDirectorySigningKey, generateRootKey, publicJwk, signDirectory, type DirectorySnapshot } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { directoryFreshness, judgeDirectory } from './judge.ts';

const snapshot = (version: number, title = 'x'): DirectorySnapshot => ({
  version,
  issued: '2026-01-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [{ id: 'la-mlsw', country: 'LA', names: { en: title }, roles: [], keys: [] }],
  agreements: [],
});

describe('judgeDirectory', async () => {
  const root = await generateRootKey('judge');
  const pinned = [publicJwk(root)];
  const v3 = await signDirectory(snapshot(3), root);
  const held = await judgeDirectory(v3, pinned);
  if (held.action !== 'accept') throw new Error('setup');

  it('takes a first snapshot and a newer one', async () => {
    expect((await judgeDirectory(await signDirectory(snapshot(4), root), pinned, held)).action).toBe('accept');
  });

  it('takes a snapshot signed by an online key the pinned root certified, and refuses that key without its certificate', async () => {
    const signing = await generateDirectorySigningKey('online');
    const cert = await certifySigningKey(root, signing, { notBefore: '2025-12-01T00:00:00.000Z', notAfter: '2026-12-01T00:00:00.000Z' });
    expect((await judgeDirectory(await signDirectory(snapshot(4), signing, cert), pinned, held)).action).toBe('accept');
    expect(await judgeDirectory(await signDirectory(snapshot(4), signing), pinned, held)).toMatchObject({ action: 'refuse', reason: expect.stringContaining('not a pinned root key') });
    const lapsed = await certifySigningKey(root, signing, { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-12-31T00:00:00.000Z' });
    expect(await judgeDirectory(await signDirectory(snapshot(4), signing, lapsed), pinned, held)).toMatchObject({ action: 'refuse', reason: expect.stringContaining('outside') });
  });

  it('ignores the snapshot it holds', async () => {
    expect(await judgeDirectory(v3, pinned, held)).toEqual({ action: 'ignore' });
  });

  it('refuses a rollback, a same-version change, a forgery and garbage', async () => {
    const forger = await generateRootKey('forger');
    const cases = [
      [await signDirectory(snapshot(2), root), /rollback/],
      [await signDirectory(snapshot(3, 'other'), root), /already held/],
      [await signDirectory(snapshot(9), forger), /not a pinned root key/],
      ['not.a.jws', /./],
    ] as const;
    for (const [jws, reason] of cases) {
      const j = await judgeDirectory(jws, pinned, held);
      expect(j.action === 'refuse' && j.reason).toMatch(reason);
    }
  });

  it('at start, with nothing held, refuses what is older than the version accepted before a restart', async () => {
    const floor = { version: held.version, hash: held.hash };
    const older = await judgeDirectory(await signDirectory(snapshot(2), root), pinned, undefined, floor);
    expect(older.action === 'refuse' && older.reason).toMatch(/rollback: version 2 is older than version 3 accepted before/);
    const other = await judgeDirectory(await signDirectory(snapshot(3, 'other'), root), pinned, undefined, floor);
    expect(other.action === 'refuse' && other.reason).toMatch(/other content/);
    // The very version accepted before is taken again (nothing is held yet), and so is a newer one.
    expect((await judgeDirectory(v3, pinned, undefined, floor)).action).toBe('accept');
    expect((await judgeDirectory(await signDirectory(snapshot(5), root), pinned, undefined, floor)).action).toBe('accept');
  });
});

describe('directoryFreshness', () => {
  const now = new Date('2026-01-02T00:00:00.000Z');
  it.each([
    ['2026-01-01T00:00:00.000Z', 86_400_000, false],
    ['2026-01-01T00:00:00.000Z', 86_399_999, true],
    ['2026-01-02T00:00:01.000Z', 1, false],
  ])('issued %s, max age %i ms: stale %s', (issued, maxAgeMs, stale) => {
    expect(directoryFreshness(issued, now, maxAgeMs)).toEqual({ ageMs: Math.max(0, now.getTime() - Date.parse(issued)), stale });
  });
});
