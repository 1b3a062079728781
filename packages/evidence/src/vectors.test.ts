import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEntry } from './entry.ts';
import { leafHash, leafHashOfText, verifyConsistency, verifyInclusion, verifyMultiInclusion } from './merkle.ts';
import { buildPushVectors, buildVectors } from './vectors.ts';

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

describe("frozen vectors of a counterpart's push, version 2", () => {
  const push = JSON.parse(readFileSync(new URL('../vectors/peer-push-v2.json', import.meta.url), 'utf8')) as {
    size: number; root: string; texts: string[]; leafHashes: string[];
    proofs: { indexes: number[]; hashes: string[] }[]; smaller: { size: number; root: string; indexes: number[]; hashes: string[] }[];
  };
  const b = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));

  it('the code computes exactly vectors/peer-push-v2.json, over the log of evidence-log-v1.json', () => {
    expect(buildPushVectors()).toEqual(push);
    const v1 = frozen as { roots: { size: number; root: string }[]; entries: { canonical: string }[] };
    expect(push.root).toBe(v1.roots[push.size]!.root);
    expect(push.texts).toEqual(v1.entries.map((e) => e.canonical));
  });

  it('each proof rebuilds the root from the texts of its entries, and not with one hash changed', () => {
    const leaf = (i: number) => ({ index: i, leaf: leafHashOfText(push.texts[i]!) });
    for (const p of push.proofs) {
      expect(verifyMultiInclusion(p.indexes.map(leaf), push.size, p.hashes.map(b), b(push.root))).toBe(true);
      const changed = p.hashes.map(b);
      if (changed[0]) changed[0][5]! ^= 1;
      if (changed[0]) expect(verifyMultiInclusion(p.indexes.map(leaf), push.size, changed, b(push.root))).toBe(false);
      else expect(p.indexes).toHaveLength(push.size); // every leaf shown: nothing else to give
    }
    for (const p of push.smaller) expect(verifyMultiInclusion(p.indexes.map(leaf), p.size, p.hashes.map(b), b(p.root))).toBe(true);
  });
});
