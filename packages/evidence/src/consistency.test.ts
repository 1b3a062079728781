import type { TreeHead } from './head.ts';
import { MerkleLog } from './log.ts';
import { leafHash } from './merkle.ts';
import { describe, expect, it } from 'vitest';
import { judgeHead } from './consistency.ts';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const log = (n: number, salt = 0): MerkleLog => new MerkleLog(Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i, i === 3 ? salt : 0))));
const head = (t: MerkleLog): TreeHead => ({ v: 1, log: 'la-mlsw', size: t.size, root: b64(t.root()), time: '2026-03-01T08:00:00.000Z' });
const proof = (t: MerkleLog, from: number) => ({ from, hashes: t.consistencyProof(from).map(b64) });

describe('judgeHead', () => {
  const seen = { size: 6, root: b64(log(6).root()) };

  it('takes the first head of a log, the same head again, and a consistent larger one', () => {
    expect(judgeHead(undefined, head(log(6)), undefined)).toEqual({ kind: 'accept' });
    expect(judgeHead(seen, head(log(6)), undefined)).toEqual({ kind: 'accept' });
    expect(judgeHead(seen, head(log(10)), proof(log(10), 6))).toEqual({ kind: 'accept' });
  });

  it('asks for a proof from the size it saw', () => {
    expect(judgeHead(seen, head(log(10)), undefined)).toEqual({ kind: 'need', from: 6 });
    expect(judgeHead(seen, head(log(10)), proof(log(10), 4))).toEqual({ kind: 'need', from: 6 });
  });

  it.each([
    ['a rewritten entry before the witnessed size (a fork)', log(10, 9), 'fork', 'is not consistent with the witnessed head of size 6'],
    ['the same size with another root', log(6, 9), 'fork', 'another root'],
    ['a smaller log (entries dropped)', log(5), 'rollback', 'smaller than the witnessed head'],
  ])('raises an alarm for %s', (_what, t, alarm, detail) => {
    const v = judgeHead(seen, head(t), t.size > 6 ? proof(t, 6) : undefined);
    expect(v).toMatchObject({ kind: 'alarm', alarm });
    expect(v.kind === 'alarm' && v.detail).toContain(detail);
  });
});
