import { generateRootKey, publicJwk, signDirectory, type DirectorySnapshot } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { judgeDirectory } from './judge.ts';

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
});
