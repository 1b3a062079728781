import { importJWK, type CryptoKey } from 'jose';
import { entryBytes, entryLeafHash, type EvidenceEntry } from './entry.ts';
import { signHead } from './head.ts';
import { MerkleLog } from './log.ts';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/**
 * The Ed25519 key of the vectors only: RFC 8032's TEST 1 key (section 7.1), public on purpose,
 * so anyone can check the vectors' signature.
 */
export const VECTOR_KEY = {
  kty: 'OKP', crv: 'Ed25519', kid: 'la-mlsw#vectors',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
} as const;

// One entry of each kind and direction (the JWS strings are placeholders of the right shape:
// the log hashes them as they are and does not verify them).
const ENTRIES: EvidenceEntry[] = [
  { v: 1, kind: 'directory', at: '2026-03-01T08:00:00.000Z', version: 7, jws: 'eyJhbGciOiJFZERTQSJ9.eyJ2ZXJzaW9uIjo3fQ.c2ln' },
  { v: 1, kind: 'envelope', direction: 'sent', at: '2026-03-01T08:00:01.000Z', jws: 'eyJhbGciOiJFZERTQSJ9.eyJpZCI6IjEifQ.c2ln' },
  { v: 1, kind: 'receipt', direction: 'received', at: '2026-03-01T08:00:02.500Z', jws: 'eyJhbGciOiJFZERTQSJ9.eyJmb3IiOiIxIn0.c2ln' },
  { v: 1, kind: 'envelope', direction: 'received', at: '2026-03-01T09:30:00.000Z', jws: 'eyJhbGciOiJFZERTQSJ9.eyJpZCI6IjIifQ.c2ln' },
  { v: 1, kind: 'receipt', direction: 'sent', at: '2026-03-01T09:30:00.120Z', jws: 'eyJhbGciOiJFZERTQSJ9.eyJmb3IiOiIyIn0.c2ln' },
  { v: 1, kind: 'problem', direction: 'received', at: '2026-03-01T10:00:00.000Z', jws: 'eyJhbGciOiJFZERTQSJ9.eyJjb2RlIjoieCJ9.c2ln' },
  { v: 1, kind: 'directory', at: '2026-03-02T00:00:00.000Z', version: 8, jws: 'eyJhbGciOiJFZERTQSJ9.eyJ2ZXJzaW9uIjo4fQ.c2ln' },
];

/** The frozen vectors of the log format (PROTOCOL.md, "Evidence log"), computed afresh. */
export async function buildVectors(): Promise<object> {
  const key = (await importJWK({ ...VECTOR_KEY }, 'EdDSA')) as CryptoKey;
  const log = new MerkleLog();
  const entries = ENTRIES.map((entry) => {
    const leaf = entryLeafHash(entry);
    log.append(leaf);
    return { entry, canonical: new TextDecoder().decode(entryBytes(entry)), leafHash: b64(leaf) };
  });
  const n = log.size;
  const roots = Array.from({ length: n + 1 }, (_, size) => ({ size, root: b64(log.root(size)) }));
  const inclusion = entries.map((_, index) => ({ index, size: n, proof: log.inclusionProof(index, n).map(b64) }));
  const consistency = Array.from({ length: n - 1 }, (_, i) => ({ from: i + 1, to: n, proof: log.consistencyProof(i + 1, n).map(b64) }));
  const head = { v: 1 as const, log: 'la-mlsw', size: n, root: b64(log.root()), time: '2026-03-02T00:00:01.000Z' };
  const signedHead = await signHead(head, { kid: VECTOR_KEY.kid, key });
  return { version: 1, hash: 'SHA-256', key: { ...VECTOR_KEY }, entries, roots, inclusion, consistency, head, signedHead };
}

/**
 * The frozen vectors of a counterpart's push, version 2 (docs/evidence.md, "Counterparts"):
 * over the same seven entries, the one proof ({@link MerkleLog.multiInclusionProof}) of several
 * sets of indexes, in the order the walk meets its hashes.
 */
export function buildPushVectors(): object {
  const log = new MerkleLog(ENTRIES.map(entryLeafHash));
  const n = log.size;
  const sets = [[0], [1, 2], [3, 4], [1, 2, 3, 4, 5], [0, 6], [2, 5], [0, 1, 2, 3, 4, 5, 6]];
  return {
    version: 2,
    hash: 'SHA-256',
    size: n,
    root: b64(log.root()),
    leafHashes: ENTRIES.map((e) => b64(entryLeafHash(e))),
    texts: ENTRIES.map((e) => new TextDecoder().decode(entryBytes(e))),
    proofs: sets.map((indexes) => ({ indexes, hashes: log.multiInclusionProof(indexes, n).map(b64) })),
    smaller: [3, 5].map((size) => ({ size, root: b64(log.root(size)), indexes: [1, 2], hashes: log.multiInclusionProof([1, 2], size).map(b64) })),
  };
}
