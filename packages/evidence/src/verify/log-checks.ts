import { Directory, importPublicKey, sha256Digest, verifyDirectory, type PublicJwk } from '@mou-hub/protocol';
import { entryBytes } from '../entry.ts';
import { HEAD_TYP, WITNESS_TYP, peekHeader, readCountersignature, readHead, verifySignedJson, type TreeHead } from '../head.ts';
import { leafHash, verifyInclusion } from '../merkle.ts';
import type { CheckedEntry } from './shape.ts';
import { unverifiedPayload } from '../unverified.ts';
import type { DirectoryLine, Failure, HeadLine } from './types.ts';

/** A directory version of the log that verified against the root, with where it stands. */
export interface HeldDirectory {
  index: number;
  directory: Directory;
}

/** Verifies each directory entry against the root key; versions must never go down along the log. */
export async function checkDirectories(
  entries: readonly CheckedEntry[], root: PublicJwk, failures: Failure[],
): Promise<{ held: HeldDirectory[]; lines: DirectoryLine[] }> {
  const held: HeldDirectory[] = [];
  const lines: DirectoryLine[] = [];
  for (const { index, entry } of entries) {
    if (entry.kind !== 'directory') continue;
    const r = await verifyDirectory(entry.jws, [root]);
    if (!r.ok) {
      failures.push({ code: 'directory-invalid', entry: index, detail: r.reason });
      continue;
    }
    if (r.version !== entry.version) {
      failures.push({ code: 'directory-invalid', entry: index, detail: `the entry says version ${entry.version}, the signed snapshot ${r.version}` });
      continue;
    }
    const before = held[held.length - 1];
    if (before && before.directory.version > r.version) {
      failures.push({ code: 'directory-rollback', entry: index, detail: `version ${r.version} accepted after version ${before.directory.version}` });
    }
    held.push({ index, directory: new Directory(r.snapshot) });
    lines.push({ index, version: r.version, issued: r.snapshot.issued, accepted: entry.at });
  }
  return { held, lines };
}

/** The directory version in force at log index `index`: the last one logged before it. */
export function directoryAt(held: readonly HeldDirectory[], index: number): HeldDirectory | undefined {
  let found: HeldDirectory | undefined;
  for (const h of held) if (h.index < index) found = h;
  return found;
}

/**
 * Verifies a signed head with a signing key of `log`'s agency, valid at the head's time under
 * `directory`. Answers the head or why not. Used by the verifier and by the witness.
 *
 * @example
 * const r = await verifyHeadWith(directory, jws, 'la-mlsw');
 */
export async function verifyHeadWith(directory: Directory, jws: string, log: string): Promise<{ ok: true; head: TreeHead; kid: string } | { ok: false; reason: string }> {
  const h = peekHeader(jws);
  if (!h) return { ok: false, reason: 'not a signed JWS with a kid' };
  const owner = directory.ownerOf(h.kid);
  if (owner !== log) return { ok: false, reason: `key ${h.kid} is not a key of ${log} in directory version ${directory.version}` };
  const time = readUnverifiedTime(jws);
  const key = directory.keyAt(h.kid, time ? new Date(time) : new Date(Number.NaN));
  if (!key.ok || key.key.use !== 'sig') return { ok: false, reason: key.ok ? `${h.kid} is not a signing key` : key.detail };
  const r = await verifySignedJson(jws, HEAD_TYP, await importPublicKey(key.key.jwk));
  if (!r.ok) return r;
  const head = readHead(r.value);
  if (typeof head === 'string') return { ok: false, reason: head };
  if (head.log !== log) return { ok: false, reason: `the head is of ${head.log}'s log, not ${log}'s` };
  return { ok: true, head, kid: h.kid };
}

/**
 * Verifies the bundle's head under the last directory version of the log before the head's size.
 */
export async function checkHead(
  jws: string, log: string, held: readonly HeldDirectory[], failures: Failure[],
): Promise<{ head: TreeHead; line: HeadLine; directory: Directory } | undefined> {
  const d = directoryAt(held, readUnverifiedSize(jws) ?? Number.MAX_SAFE_INTEGER);
  if (!d) return void failures.push({ code: 'head-invalid', detail: 'no verified directory version in the log before the head' });
  const r = await verifyHeadWith(d.directory, jws, log);
  if (!r.ok) return void failures.push({ code: 'head-invalid', detail: r.reason });
  const { head } = r;
  return {
    head,
    directory: d.directory,
    line: { size: head.size, root: head.root, time: head.time, kid: r.kid, directoryVersion: d.directory.version, witnesses: [] },
  };
}

// Read before the signature is checked only to pick the key; the signature then covers them.
const readUnverifiedSize = (jws: string): number | undefined => {
  const s = unverifiedPayload(jws).size;
  return Number.isInteger(s) ? (s as number) : undefined;
};
const readUnverifiedTime = (jws: string): string | undefined => {
  const t = unverifiedPayload(jws).time;
  return typeof t === 'string' ? t : undefined;
};

/** Each entry's leaf must reach the head's root by its proof, at its index. */
export function checkInclusion(entries: readonly CheckedEntry[], head: TreeHead, failures: Failure[]): Set<number> {
  const root = Uint8Array.from(Buffer.from(head.root, 'base64url'));
  const included = new Set<number>();
  for (const e of entries) {
    if (e.index >= head.size) {
      failures.push({ code: 'not-included', entry: e.index, detail: `index ${e.index} is past the head's size ${head.size}` });
    } else if (!verifyInclusion(leafHash(entryBytes(e.entry)), e.index, head.size, e.proof, root)) {
      failures.push({ code: 'not-included', entry: e.index, detail: `entry ${e.index} does not lead to the head's root: changed, moved or removed since the head was signed` });
    } else {
      included.add(e.index);
    }
  }
  return included;
}

/** Each countersignature must be a witness's signature of exactly this head. */
export async function checkCountersignatures(
  jwss: readonly string[], headJws: string, head: TreeHead, directory: Directory, line: HeadLine, failures: Failure[],
): Promise<void> {
  const digest = sha256Digest(headJws);
  for (const jws of jwss) {
    const fail = (detail: string): void => void failures.push({ code: 'countersignature-invalid', detail });
    const h = peekHeader(jws);
    if (!h) {
      fail('not a signed JWS with a kid');
      continue;
    }
    const witnessed = unverifiedPayload(jws).witnessed;
    const key = directory.keyAt(h.kid, new Date(typeof witnessed === 'string' ? witnessed : Number.NaN));
    if (!key.ok || key.key.use !== 'sig') {
      fail(key.ok ? `${h.kid} is not a signing key` : key.detail);
      continue;
    }
    const r = await verifySignedJson(jws, WITNESS_TYP, await importPublicKey(key.key.jwk));
    const c = r.ok ? readCountersignature(r.value) : r.reason;
    if (typeof c === 'string') {
      fail(`${h.kid}: ${c}`);
    } else if (c.head !== digest || c.log !== head.log || c.size !== head.size || c.root !== head.root) {
      fail(`${c.witness} countersigned another head (size ${c.size})`);
    } else if (c.witness !== key.agency) {
      fail(`${h.kid} is not a key of ${c.witness}`);
    } else {
      line.witnesses.push({ witness: c.witness, kid: h.kid, witnessed: c.witnessed });
    }
  }
}
