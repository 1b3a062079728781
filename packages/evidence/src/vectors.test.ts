import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEntry } from './entry.ts';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.ts';
import { buildVectors } from './vectors.ts';

// The frozen file is what other implementations test against: a change here is a new log version.
const frozen = JSON.parse(readFileSync(new URL('../vectors/evidence-log-v1.json', import.meta.url), 'utf8')) as object;

describe('frozen test vectors', () => {
  it('the log computes exactly vectors/evidence-log-v1.json', async () => {
    expect(await buildVectors()).toEqual(frozen);
  });
});

describe('the frozen vectors check with the verifying functions', () => {
  type V = {
    entries: { canonical: string; leafHash: string }[];
    roots: { size: number; root: string }[];
    inclusion: { index: number; size: number; proof: string[] }[];
    consistency: { from: number; to: number; proof: string[] }[];
  };
  const v = frozen as V;
  const b = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));
  const rootAt = (size: number): Uint8Array => b(v.roots[size]!.root);

  it('each leaf hash is H(0x00 || canonical bytes) and each proof reaches the root', () => {
    v.entries.forEach((e, i) => {
      expect(Buffer.from(leafHash(new TextEncoder().encode(e.canonical))).toString('base64url')).toBe(e.leafHash);
      const p = v.inclusion[i]!;
      expect(verifyInclusion(b(e.leafHash), p.index, p.size, p.proof.map(b), rootAt(p.size))).toBe(true);
    });
    for (const c of v.consistency) expect(verifyConsistency(c.from, c.to, rootAt(c.from), rootAt(c.to), c.proof.map(b))).toBe(true);
  });

  it('each entry parses back from its canonical text', () => {
    for (const e of v.entries) expect(parseEntry(e.canonical).ok).toBe(true);
  });
});
