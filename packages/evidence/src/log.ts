import { cachedRoot, consistencyProof, inclusionProof, multiInclusionProof, type EdgeCache, type SubtreeCache } from './merkle.ts';

/**
 * A Merkle log held as its leaf hashes, in order. The node keeps the leaves in its database
 * and this in memory; appending costs one array push (the caller hashed the entry), and a root
 * or a proof is computed only when a head is signed or a bundle exported.
 *
 * @example
 * const log = new MerkleLog(storedLeafHashes);
 * log.append(entryLeafHash(entry));
 * const root = log.root(); // over every leaf
 */
export class MerkleLog {
  readonly #leaves: Uint8Array[];
  /** Perfect subtrees never change in an append-only log: proofs after the first are cheap. */
  readonly #cache: SubtreeCache = new Map();
  /** The other subtrees of the size proofs were last asked of: a push's proofs share them. */
  #edge: EdgeCache = { size: -1, roots: new Map() };

  constructor(leaves: readonly Uint8Array[] = []) {
    this.#leaves = [...leaves];
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#leaves.length;
  }

  /** Adds a leaf hash at the end; answers its index. */
  append(leaf: Uint8Array): number {
    if (leaf.length !== 32) throw new RangeError('a leaf hash is 32 bytes');
    this.#leaves.push(leaf);
    return this.#leaves.length - 1;
  }

  /** The root of the first `size` leaves (all by default). */
  root(size = this.#leaves.length): Uint8Array {
    return cachedRoot(size, this.#leaves, this.#cache);
  }

  /** The audit path of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.#leaves.length): Uint8Array[] {
    if (this.#edge.size !== size) this.#edge = { size, roots: new Map() };
    return inclusionProof(index, size, this.#leaves, this.#cache, this.#edge);
  }

  /** One proof for several leaves (strictly increasing indexes) in the tree of the first `size` leaves. */
  multiInclusionProof(indexes: readonly number[], size = this.#leaves.length): Uint8Array[] {
    if (this.#edge.size !== size) this.#edge = { size, roots: new Map() };
    return multiInclusionProof(indexes, size, this.#leaves, this.#cache, this.#edge);
  }

  /** The proof that the tree of `from` leaves is a prefix of the tree of `to` leaves. */
  consistencyProof(from: number, to = this.#leaves.length): Uint8Array[] {
    return consistencyProof(from, to, this.#leaves, this.#cache);
  }
}
