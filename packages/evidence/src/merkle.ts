import { createHash } from 'node:crypto';

/**
 * RFC 6962 (and RFC 9162 section 2.1) Merkle tree hashing over SHA-256, domain-separated so a
 * leaf can never pass for an inner node: leaf = H(0x00 || entry), node = H(0x01 || left || right).
 * A tree of n leaves splits at k, the largest power of two smaller than n.
 */

/** The hash of one log entry's bytes. */
export function leafHash(entry: Uint8Array): Uint8Array {
  return createHash('sha256').update(Uint8Array.of(0)).update(entry).digest();
}

/** {@link leafHash} of a text's UTF-8 bytes, without copying them out first (the node's hot path). */
export function leafHashOfText(text: string): Uint8Array {
  return createHash('sha256').update(Uint8Array.of(0)).update(text, 'utf8').digest();
}

/** The hash of an inner node from its two children. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Uint8Array = createHash('sha256').digest();

/** Largest power of two strictly smaller than n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH(D[n]): the root of the tree over these leaf hashes. O(n) hashes; the stack keeps memory
 * at O(log n) beyond the input.
 */
export function rootOf(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT;
  // Fold left to right: the stack holds roots of perfect subtrees of decreasing size.
  const stack: { hash: Uint8Array; size: number }[] = [];
  for (const leaf of leaves) {
    let cur = { hash: leaf, size: 1 };
    while (stack.length > 0 && stack[stack.length - 1]!.size === cur.size) {
      const left = stack.pop()!;
      cur = { hash: nodeHash(left.hash, cur.hash), size: cur.size * 2 };
    }
    stack.push(cur);
  }
  // Right to left, the smaller subtrees join the larger ones as RFC 6962's split does.
  let hash = stack.pop()!.hash;
  while (stack.length > 0) hash = nodeHash(stack.pop()!.hash, hash);
  return hash;
}

/**
 * Roots of perfect subtrees (a power-of-two number of leaves from a multiple of it), which never
 * change in an append-only log: a proof reuses them instead of hashing the log again.
 * Keyed by `start:size`. Pass the same cache only with the same leaves (or more appended).
 */
export type SubtreeCache = Map<string, Uint8Array>;

/** The smallest perfect subtree a {@link SubtreeCache} keeps (a power of two). */
const CACHED_FROM = 16;

/**
 * The roots of the subtrees of one tree size that are not perfect (those on its right edge:
 * O(log n) of them), which every proof against that size needs again: kept only while proofs
 * are asked of that size (a push proves thousands of entries against one head).
 */
export interface EdgeCache {
  size: number;
  roots: Map<number, Uint8Array>;
}

/**
 * MTH of leaves[start, end), reusing and filling `cache` for perfect subtrees, and `edge`
 * (when it is for this `end`) for the others.
 */
function rangeRoot(leaves: readonly Uint8Array[], start: number, end: number, cache: SubtreeCache | undefined, edge?: EdgeCache): Uint8Array {
  const n = end - start;
  if (n === 1) return leaves[start]!;
  const perfect = (n & (n - 1)) === 0;
  // Only subtrees of CACHED_FROM leaves or more are kept: one cache entry per leaf would cost
  // more (a key, a map entry) than the few hashes a proof then computes again below them.
  const cached = perfect && n >= CACHED_FROM && cache !== undefined;
  const key = cached ? `${start}:${n}` : '';
  if (cached) {
    const hit = cache.get(key);
    if (hit) return hit;
  }
  const onEdge = !perfect && edge !== undefined && edge.size === end;
  if (onEdge) {
    const hit = edge.roots.get(start);
    if (hit) return hit;
  }
  const k = split(n);
  const root = nodeHash(rangeRoot(leaves, start, start + k, cache, edge), rangeRoot(leaves, start + k, end, cache, edge));
  if (cached) cache.set(key, root);
  if (onEdge) edge.roots.set(start, root);
  return root;
}

/** MTH(D[n]) of the first n leaves through `cache`: after the first call, only new subtrees are hashed. */
export function cachedRoot(n: number, leaves: readonly Uint8Array[], cache: SubtreeCache): Uint8Array {
  if (!(Number.isInteger(n) && n >= 0 && n <= leaves.length)) throw new RangeError(`no tree of size ${n}`);
  return n === 0 ? EMPTY_ROOT : rangeRoot(leaves, 0, n, cache);
}

/**
 * PATH(m, D[n]): the audit path proving that leaf m is in the tree of the first n leaves.
 * Throws a RangeError when m is not below n or n is past the leaves given.
 */
export function inclusionProof(m: number, n: number, leaves: readonly Uint8Array[], cache?: SubtreeCache, edge?: EdgeCache): Uint8Array[] {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 0 && m < n && n <= leaves.length)) {
    throw new RangeError(`no leaf ${m} in a tree of ${n} (of ${leaves.length} leaves)`);
  }
  const out: Uint8Array[] = [];
  // Walk down from the whole tree, collecting siblings; the RFC lists them leaf first.
  let start = 0;
  let end = n;
  while (end - start > 1) {
    const k = split(end - start);
    if (m - start < k) {
      out.push(rangeRoot(leaves, start + k, end, cache, edge));
      end = start + k;
    } else {
      out.push(rangeRoot(leaves, start, start + k, cache, edge));
      start += k;
    }
  }
  return out.reverse();
}

/**
 * One proof that several leaves are in the tree of n leaves (a counterpart's push, version 2):
 * the roots of the subtrees holding none of them, in the order a left-to-right walk of the tree
 * (RFC 6962's split) meets them. `indexes` strictly increasing, each below n. Its length is at
 * most 2 ⌈log2 n⌉ per run of consecutive indexes, against ⌈log2 n⌉ per leaf for their paths.
 *
 * @example
 * multiInclusionProof([4, 5, 6], 10, leaves) // the roots of [0,4), [7,8) and [8,10)
 */
export function multiInclusionProof(indexes: readonly number[], n: number, leaves: readonly Uint8Array[], cache?: SubtreeCache, edge?: EdgeCache): Uint8Array[] {
  if (!(Number.isInteger(n) && n >= 1 && n <= leaves.length) || !increasingBelow(indexes, n)) {
    throw new RangeError(`no leaves ${indexes.slice(0, 5).join(', ')}… of a tree of ${n} (of ${leaves.length} leaves), or not in increasing order`);
  }
  const out: Uint8Array[] = [];
  const walk = (start: number, end: number, lo: number, hi: number): void => {
    if (lo === hi) {
      out.push(rangeRoot(leaves, start, end, cache, edge));
      return;
    }
    if (end - start === 1) return;
    const k = start + split(end - start);
    let mid = lo;
    while (mid < hi && indexes[mid]! < k) mid++;
    walk(start, k, lo, mid);
    walk(k, end, mid, hi);
  };
  if (indexes.length > 0) walk(0, n, 0, indexes.length);
  return out;
}

const increasingBelow = (indexes: readonly number[], n: number): boolean =>
  indexes.every((m, i) => Number.isInteger(m) && m >= 0 && m < n && (i === 0 || m > indexes[i - 1]!));

/**
 * Whether `hashes` ({@link multiInclusionProof}) show these leaves at their indexes in the tree
 * of n leaves with this root: the walk rebuilds the root from the leaves and the hashes, and
 * must use every hash. Indexes must be strictly increasing and below n; none given proves nothing.
 */
export function verifyMultiInclusion(items: readonly { leaf: Uint8Array; index: number }[], n: number, hashes: readonly Uint8Array[], root: Uint8Array): boolean {
  const indexes = items.map((i) => i.index);
  if (items.length === 0 || !Number.isInteger(n) || !increasingBelow(indexes, n)) return false;
  let used = 0;
  const walk = (start: number, end: number, lo: number, hi: number): Uint8Array | undefined => {
    if (lo === hi) return hashes[used++];
    if (end - start === 1) return items[lo]!.leaf;
    const k = start + split(end - start);
    let mid = lo;
    while (mid < hi && indexes[mid]! < k) mid++;
    const left = walk(start, k, lo, mid);
    const right = left && walk(k, end, mid, hi);
    return right && nodeHash(left, right);
  };
  const got = walk(0, n, 0, items.length);
  return got !== undefined && used === hashes.length && same(got, root);
}

/**
 * PROOF(m, D[n]): the consistency proof that the tree of the first m leaves is a prefix of
 * the tree of the first n. Empty when m equals n (or m is 0). Throws a RangeError otherwise
 * out of range.
 */
export function consistencyProof(m: number, n: number, leaves: readonly Uint8Array[], cache?: SubtreeCache): Uint8Array[] {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 0 && m <= n && n <= leaves.length)) {
    throw new RangeError(`no consistency from ${m} to ${n} (of ${leaves.length} leaves)`);
  }
  if (m === 0 || m === n) return [];
  return subproof(m, 0, n, true, leaves, cache);
}

function subproof(m: number, start: number, end: number, whole: boolean, leaves: readonly Uint8Array[], cache: SubtreeCache | undefined): Uint8Array[] {
  const n = end - start;
  if (m === n) return whole ? [] : [rangeRoot(leaves, start, end, cache)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, start, start + k, whole, leaves, cache), rangeRoot(leaves, start + k, end, cache)]
    : [...subproof(m - k, start + k, end, false, leaves, cache), rangeRoot(leaves, start, start + k, cache)];
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * RFC 9162 2.1.3.2: whether `proof` shows the leaf with this hash at index m in a tree of n
 * leaves with this root.
 */
export function verifyInclusion(leaf: Uint8Array, m: number, n: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 0 && m < n)) return false;
  let fn = m;
  let sn = n - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && same(r, root);
}

/**
 * RFC 9162 2.1.4.2: whether `proof` shows that the tree of m leaves with `oldRoot` is a
 * prefix of the tree of n leaves with `newRoot`. Equal sizes need equal roots and no proof.
 */
export function verifyConsistency(
  m: number, n: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[],
): boolean {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 0 && m <= n)) return false;
  if (m === n) return proof.length === 0 && same(oldRoot, newRoot);
  if (m === 0) return proof.length === 0;
  const p = [...proof];
  // A power-of-two old size is a whole subtree of the new one: its root starts the path.
  if ((m & (m - 1)) === 0) p.unshift(oldRoot);
  if (p.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = p[0]!;
  let sr = p[0]!;
  for (const c of p.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && same(fr, oldRoot) && same(sr, newRoot);
}

/** How many hashes PATH(m, D[n]) holds: the steps of RFC 9162 2.1.3.2, counted without hashing. */
function pathLength(m: number, n: number): number {
  let fn = m;
  let sn = n - 1;
  let steps = 0;
  while (sn !== 0) {
    if (fn % 2 === 0 && fn === sn) {
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
    steps++;
  }
  return steps;
}

/**
 * {@link verifyInclusion} of many leaves in one tree (a counterpart's push: thousands of entries,
 * mostly neighbours). A node of the tree is named by its level and position; once a path has
 * reached the root, each node on it is known, and a later path that meets a known node with the
 * same hash is proved from there (the rest of its path is the same). Each proof must still have
 * exactly the length PATH(m, n) has. Answers the position in `items` of the first leaf that is
 * not proved, or -1 when all are.
 *
 * @example
 * verifyInclusions(entries.map((e) => ({ leaf: e.leaf, index: e.index, proof: e.proof })), size, root) // -1
 */
export function verifyInclusions(items: readonly { leaf: Uint8Array; index: number; proof: readonly Uint8Array[] }[], n: number, root: Uint8Array): number {
  const known = new Map<string, string>();
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  for (const [i, { leaf, index: m, proof }] of items.entries()) {
    if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 0 && m < n) || proof.length !== pathLength(m, n)) return i;
    let fn = m;
    let sn = n - 1;
    let level = 0;
    let r = leaf;
    const path: [string, Uint8Array][] = [[`0:${m}`, r]];
    let proved = known.get(`0:${m}`) === hex(r);
    for (const p of proof) {
      if (proved) break;
      if (sn === 0) return i;
      if (fn % 2 === 1 || fn === sn) {
        r = nodeHash(p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
          level++;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
      level++;
      const key = `${level}:${fn}`;
      path.push([key, r]);
      proved = known.get(key) === hex(r);
    }
    if (!proved && !(sn === 0 && same(r, root))) return i;
    for (const [key, hash] of path) known.set(key, hex(hash));
  }
  return -1;
}
