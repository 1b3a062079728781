import { describe, expect, it } from 'vitest';
import { cachedRoot, consistencyProof, inclusionProof, leafHash, leafHashOfText, nodeHash, rootOf, verifyConsistency, verifyInclusion, verifyInclusions, EMPTY_ROOT, multiInclusionProof, verifyMultiInclusion } from './merkle.ts';
import { MerkleLog } from './log.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

// The leaves and roots of the certificate-transparency reference tests (RFC 6962 trees):
// an independent check that the split and the domain separation are RFC 6962's.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(bytes);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** The RFC 6962 definition, written as the RFC writes it, to compare the stack-based root with. */
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return d[0]!;
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}

const leaves = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i, i >> 8)));

describe('RFC 6962 Merkle tree', () => {
  it.each(CT_ROOTS.map((root, i) => [i + 1, root] as const))('the root of the first %i reference leaves is %s', (n, root) => {
    expect(hex(rootOf(CT_LEAVES.slice(0, n).map(leafHash)))).toBe(root);
  });

  it('the empty tree is SHA-256 of nothing', () => {
    expect(hex(rootOf([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('leaf and node hashes are domain-separated', () => {
    const a = leafHash(Uint8Array.of(1));
    const b = leafHash(Uint8Array.of(2));
    // A leaf whose bytes are two hashes does not pass for the node over them.
    expect(hex(leafHash(Uint8Array.from([...a, ...b])))).not.toBe(hex(nodeHash(a, b)));
  });

  it('the stack-based root equals the recursive definition for every size to 70', () => {
    const all = leaves(70);
    for (let n = 0; n <= 70; n++) expect(hex(rootOf(all.slice(0, n)))).toBe(hex(mth(all.slice(0, n))));
  });

  it('every inclusion proof verifies, and fails for another leaf, index, tree or a changed step', () => {
    const all = leaves(33);
    for (let n = 1; n <= 33; n++) {
      const root = rootOf(all.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, all);
        expect(verifyInclusion(all[m]!, m, n, proof, root)).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(all[(m + 1) % n]!, m, n, proof, root)).toBe(false);
          expect(verifyInclusion(all[m]!, (m + 1) % n, n, proof, root)).toBe(false);
          const bent = proof.map((p, i) => (i === 0 ? Uint8Array.from(p, (x, j) => (j === 0 ? x ^ 1 : x)) : p));
          expect(verifyInclusion(all[m]!, m, n, bent, root)).toBe(false);
          expect(verifyInclusion(all[m]!, m, n, proof.slice(1), root)).toBe(false);
        }
        // (A size one more may still fold to the same root: heads sign size and root together.)
        if (n < all.length) expect(verifyInclusion(all[m]!, m, n + 1, proof, rootOf(all.slice(0, n + 1)))).toBe(false);
      }
    }
  });

  it('every consistency proof verifies, and fails for a forked tree or a changed step', () => {
    const all = leaves(33);
    const forked = [...all];
    for (let n = 1; n <= 33; n++) {
      const newRoot = rootOf(all.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const oldRoot = rootOf(all.slice(0, m));
        const proof = consistencyProof(m, n, all);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        // The old tree with its last leaf rewritten: the same proof must not tie it to the new one.
        forked[m - 1] = leafHash(Uint8Array.of(255, m));
        const forkedOld = rootOf(forked.slice(0, m));
        forked[m - 1] = all[m - 1]!;
        expect(verifyConsistency(m, n, forkedOld, newRoot, proof)).toBe(false);
        if (proof.length > 0) {
          const bent = proof.map((p, i) => (i === proof.length - 1 ? Uint8Array.from(p, (x, j) => (j === 5 ? x ^ 4 : x)) : p));
          expect(verifyConsistency(m, n, oldRoot, newRoot, bent)).toBe(false);
        }
      }
    }
  });

  it('refuses indexes and sizes out of range', () => {
    const all = leaves(4);
    expect(() => inclusionProof(4, 4, all)).toThrow(RangeError);
    expect(() => inclusionProof(0, 5, all)).toThrow(RangeError);
    expect(() => consistencyProof(3, 2, all)).toThrow(RangeError);
    expect(verifyInclusion(all[0]!, -1, 4, [], rootOf(all))).toBe(false);
    expect(verifyConsistency(3, 2, rootOf(all), rootOf(all), [])).toBe(false);
  });
});

describe('proofs with a subtree cache', () => {
  it('equal the proofs without, while the log grows under the same cache', () => {
    const all = leaves(40);
    const cache = new Map<string, Uint8Array>();
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m < n; m++) {
        expect(inclusionProof(m, n, all.slice(0, n), cache).map(hex)).toEqual(inclusionProof(m, n, all.slice(0, n)).map(hex));
        expect(consistencyProof(m, n, all.slice(0, n), cache).map(hex)).toEqual(consistencyProof(m, n, all.slice(0, n)).map(hex));
      }
      expect(hex(cachedRoot(n, all.slice(0, n), cache))).toBe(hex(rootOf(all.slice(0, n))));
    }
  });

  it('a MerkleLog keeps the right edge of the size last proved: proofs of sizes asked in any order, as it grows, equal the proofs without', () => {
    const all = leaves(45);
    const log = new MerkleLog(all.slice(0, 20));
    const check = (m: number, n: number) => expect(log.inclusionProof(m, n).map(hex)).toEqual(inclusionProof(m, n, all.slice(0, n)).map(hex));
    // Sizes next to each other share the starts of their edges ([8, 13) and [8, 14)): each its own.
    for (let n = 20; n >= 1; n--) for (let m = 0; m < n; m++) check(m, n);
    for (const leaf of all.slice(20)) log.append(leaf);
    for (let n = 1; n <= 45; n++) for (let m = 0; m < n; m++) check(m, n);
    for (let m = 0; m < 20; m++) (check(m, 20), check(m, 45), check(m, 21));
  });
});

describe('many inclusions in one tree (a counterpart\'s push)', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Uint8Array.of(i, i >> 8)));
  it('proves every leaf of every tree size up to 70, all at once, exactly when each proof alone verifies', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const root = rootOf(leaves.slice(0, n));
      const items = Array.from({ length: n }, (_, m) => ({ leaf: leaves[m]!, index: m, proof: inclusionProof(m, n, leaves) }));
      expect(verifyInclusions(items, n, root)).toBe(-1);
      for (const bad of [Math.floor(n / 2), n - 1]) {
        // A wrong leaf, a bent proof, a proof one hash short or one too long, after good ones that share its path.
        const wrong = [
          { ...items[bad]!, leaf: leafHash(Uint8Array.of(255, 255)) },
          ...(items[bad]!.proof.length > 0 ? [{ ...items[bad]!, proof: [nodeHash(items[bad]!.proof[0]!, items[bad]!.proof[0]!), ...items[bad]!.proof.slice(1)] }] : []),
          ...(items[bad]!.proof.length > 0 ? [{ ...items[bad]!, proof: items[bad]!.proof.slice(0, -1) }] : []),
          { ...items[bad]!, proof: [...items[bad]!.proof, root] },
          { ...items[bad]!, index: bad === 0 ? 1 : bad - 1 },
        ];
        for (const w of wrong) {
          expect(verifyInclusion(w.leaf, w.index, n, w.proof, root)).toBe(false);
          expect(verifyInclusions([...items.filter((_, k) => k !== bad), w], n, root)).toBe(n - 1);
        }
      }
    }
  });
  it('hashes a text as its UTF-8 bytes', () => {
    const text = '{"note":"ບັນທຶກ บันทึก 记录 😀"}';
    expect(leafHashOfText(text)).toEqual(leafHash(new TextEncoder().encode(text)));
  });
});

describe('one proof for several leaves (a counterpart\'s push, version 2)', () => {
  const all = leaves(40);
  /** Every subset of a few shapes: runs, scattered, single, all. */
  const subsets = (n: number): number[][] => {
    const out: number[][] = [[0], [n - 1], Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 1)];
    for (let a = 0; a < n; a += 3) out.push(Array.from({ length: Math.min(5, n - a) }, (_, i) => a + i));
    return out;
  };
  it('rebuilds the root of every size to 40 from the leaves and the hashes, at most 2 ⌈log2 n⌉ hashes a run', () => {
    for (let n = 1; n <= 40; n++) {
      const root = rootOf(all.slice(0, n));
      for (const idx of subsets(n).filter((x) => x.length > 0)) {
        const hashes = multiInclusionProof(idx, n, all);
        const items = idx.map((index) => ({ index, leaf: all[index]! }));
        expect(verifyMultiInclusion(items, n, hashes, root)).toBe(true);
        const runs = idx.filter((m, i) => i === 0 || m !== idx[i - 1]! + 1).length;
        expect(hashes.length).toBeLessThanOrEqual(runs * 2 * Math.ceil(Math.log2(n)));
        // The MerkleLog's (through its caches) is the same proof.
        expect(new MerkleLog(all).multiInclusionProof(idx, n).map(hex)).toEqual(hashes.map(hex));
      }
    }
  });

  it('fails for a changed leaf, a moved index, a hash changed, dropped or added, another root, the order or a duplicate', () => {
    const n = 29;
    const root = rootOf(all.slice(0, n));
    const idx = [3, 4, 5, 11, 20, 21];
    const hashes = multiInclusionProof(idx, n, all);
    const items = idx.map((index) => ({ index, leaf: all[index]! }));
    const flip = (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i === 0 ? x ^ 1 : x));
    expect(verifyMultiInclusion(items, n, hashes, root)).toBe(true);
    expect(verifyMultiInclusion(items.map((it, i) => (i === 2 ? { ...it, leaf: flip(it.leaf) } : it)), n, hashes, root)).toBe(false);
    expect(verifyMultiInclusion(items.map((it, i) => (i === 3 ? { ...it, index: 12 } : it)), n, hashes, root)).toBe(false);
    expect(verifyMultiInclusion(items.map((it, i) => (i === 1 ? { ...it, leaf: all[5]! } : i === 2 ? { ...it, leaf: all[4]! } : it)), n, hashes, root)).toBe(false);
    for (let h = 0; h < hashes.length; h++) expect(verifyMultiInclusion(items, n, hashes.map((x, i) => (i === h ? flip(x) : x)), root)).toBe(false);
    expect(verifyMultiInclusion(items, n, hashes.slice(1), root)).toBe(false);
    expect(verifyMultiInclusion(items, n, [...hashes, hashes[0]!], root)).toBe(false);
    expect(verifyMultiInclusion(items, n, hashes, rootOf(all.slice(0, n + 1)))).toBe(false);
    expect(verifyMultiInclusion(items, n - 5, hashes, root)).toBe(false);
    expect(verifyMultiInclusion([items[1]!, items[0]!, ...items.slice(2)], n, hashes, root)).toBe(false);
    expect(verifyMultiInclusion([items[0]!, ...items], n, hashes, root)).toBe(false);
    expect(verifyMultiInclusion([], n, [], root)).toBe(false);
    expect(() => multiInclusionProof([4, 3], n, all)).toThrow(RangeError);
    expect(() => multiInclusionProof([n], n, all)).toThrow(RangeError);
  });
});
