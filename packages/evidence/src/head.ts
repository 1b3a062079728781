import { CompactSign, compactVerify, decodeProtectedHeader, type CryptoKey } from 'jose';
import { canonicalJson, canonicalText } from './canonical.ts';

/** `typ` of a signed tree head. */
export const HEAD_TYP = 'mou-sth+jws';
/** `typ` of a witness's countersignature of a head. */
export const WITNESS_TYP = 'mou-sth-witness+jws';

/** What a node signs about its log: how many entries, their Merkle root, and when. */
export interface TreeHead {
  v: 1;
  /** The agency whose log this is. */
  log: string;
  size: number;
  /** base64url of the 32-byte Merkle root (the empty tree's is SHA-256 of nothing). */
  root: string;
  /** RFC 3339 UTC, milliseconds: when the node signed it. */
  time: string;
}

/** What a witness signs: it saw this head (by the SHA-256 of its JWS), consistent with what it saw before. */
export interface Countersignature {
  v: 1;
  /** `sha256:` base64url of the head's JWS string. */
  head: string;
  log: string;
  size: number;
  root: string;
  /** The witnessing agency. */
  witness: string;
  /** When the witness checked it. */
  witnessed: string;
}

/** A signing key as a node's key ring gives it. */
export interface Signer {
  kid: string;
  key: CryptoKey;
}

async function signJson(value: object, typ: string, signer: Signer): Promise<string> {
  return new CompactSign(canonicalJson(value)).setProtectedHeader({ alg: 'EdDSA', kid: signer.kid, typ }).sign(signer.key);
}

/**
 * Signs a tree head (compact JWS, EdDSA, the payload in RFC 8785 form) with the agency's key.
 *
 * @example
 * const jws = await signHead({ v: 1, log: 'la-mlsw', size, root, time }, await ring.signingKey());
 */
export function signHead(head: TreeHead, signer: Signer): Promise<string> {
  return signJson(head, HEAD_TYP, signer);
}

/** Signs a witness's countersignature of a head. */
export function signCountersignature(c: Countersignature, signer: Signer): Promise<string> {
  return signJson(c, WITNESS_TYP, signer);
}

/** The kid and typ of a JWS, read before its key is known (to find the key), or why not. */
export function peekHeader(jws: string): { kid: string; typ: string } | undefined {
  try {
    const h = decodeProtectedHeader(jws);
    return h.alg === 'EdDSA' && typeof h.kid === 'string' && typeof h.typ === 'string' ? { kid: h.kid, typ: h.typ } : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a JWS whose signature verifies with this key, if its typ is `typ` and its payload canonical JSON. */
export async function verifySignedJson(jws: string, typ: string, key: CryptoKey): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; reason: string }> {
  const header = peekHeader(jws);
  if (!header || header.typ !== typ) return { ok: false, reason: `not a ${typ}` };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] }));
  } catch {
    return { ok: false, reason: 'signature does not verify' };
  }
  const text = new TextDecoder().decode(payload);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'payload is not an object' };
  if (canonicalText(value) !== text) return { ok: false, reason: 'payload is not in RFC 8785 canonical form' };
  return { ok: true, value: value as Record<string, unknown> };
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ROOT = /^[A-Za-z0-9_-]{43}$/;

/** Checks a verified head payload's members; answers the head or what is wrong. */
export function readHead(value: Record<string, unknown>): TreeHead | string {
  const { v, log, size, root, time } = value;
  if (v !== 1) return `head version ${String(v)} is not 1`;
  if (Object.keys(value).length !== 5) return 'head has other members than v, log, size, root, time';
  if (typeof log !== 'string' || typeof root !== 'string' || !ROOT.test(root)) return 'head log or root is malformed';
  if (!Number.isInteger(size) || (size as number) < 0) return 'head size is not a whole number';
  if (typeof time !== 'string' || !TIME.test(time)) return 'head time is not an RFC 3339 UTC time';
  return { v: 1, log, size: size as number, root, time };
}

/** Checks a verified countersignature payload's members. */
export function readCountersignature(value: Record<string, unknown>): Countersignature | string {
  const { v, head, log, size, root, witness, witnessed } = value;
  if (v !== 1) return `countersignature version ${String(v)} is not 1`;
  if (Object.keys(value).length !== 7) return 'countersignature has unknown members';
  if (typeof head !== 'string' || !head.startsWith('sha256:')) return 'countersignature head is not a sha256 digest';
  if (typeof log !== 'string' || typeof witness !== 'string') return 'countersignature log or witness is malformed';
  if (typeof root !== 'string' || !ROOT.test(root) || !Number.isInteger(size)) return 'countersignature size or root is malformed';
  if (typeof witnessed !== 'string' || !TIME.test(witnessed)) return 'countersignature time is not an RFC 3339 UTC time';
  return { v: 1, head, log, size: size as number, root, witness, witnessed };
}
