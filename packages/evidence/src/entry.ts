import { canonicalJson, canonicalText } from './canonical.ts';
import { leafHash } from './merkle.ts';
import { unverifiedPayload } from './unverified.ts';

/** Version of the log format (docs: PROTOCOL.md, "Evidence log"). */
export const EVIDENCE_LOG_VERSION = 1;

/** Whether the node sent the envelope or received it. */
export type Direction = 'sent' | 'received';

/**
 * One entry of a node's evidence log. Envelopes, receipts and problems are kept as the exact
 * compact JWS that travelled (never a decrypted body); a directory version as the exact
 * signed snapshot the node accepted. `at` is the node's clock when it committed the entry.
 */
export type EvidenceEntry =
  | { v: 1; kind: 'envelope' | 'receipt' | 'problem'; direction: Direction; at: string; jws: string }
  | { v: 1; kind: 'directory'; at: string; version: number; jws: string };

/** The kinds an entry may have. */
export const ENTRY_KINDS = ['envelope', 'receipt', 'problem', 'directory'] as const;

/**
 * The bytes of an entry as the log hashes them: its RFC 8785 form. The same entry always
 * gives the same bytes, whatever order its members were written in.
 *
 * @example
 * const bytes = entryBytes({ v: 1, kind: 'envelope', direction: 'sent', at, jws });
 */
export function entryBytes(entry: EvidenceEntry): Uint8Array {
  return new TextEncoder().encode(entryText(entry));
}

/**
 * An entry's RFC 8785 text, written directly: its members are known, so they are put in their
 * sorted order and each string written as JSON writes it, which is RFC 8785's string form.
 * It is on the hot path (one per committed message); `entry.test.ts` checks it against the
 * general canonicalizer for every kind.
 */
export function entryText(entry: EvidenceEntry): string {
  const q = JSON.stringify;
  if (entry.kind === 'directory') {
    return `{"at":${q(entry.at)},"jws":${q(entry.jws)},"kind":"directory","v":${q(entry.v)},"version":${q(entry.version)}}`;
  }
  return `{"at":${q(entry.at)},"direction":${q(entry.direction)},"jws":${q(entry.jws)},"kind":${q(entry.kind)},"v":${q(entry.v)}}`;
}

/** The Merkle leaf hash of an entry: H(0x00 || its canonical bytes). */
export function entryLeafHash(entry: EvidenceEntry): Uint8Array {
  return leafHash(entryBytes(entry));
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Reads an entry from its stored text and checks its shape; the text must be exactly the
 * canonical form (a re-spelled entry would hash differently from what was logged). Answers
 * the entry or why not.
 */
export function parseEntry(text: string): { ok: true; entry: EvidenceEntry } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const shape = entryShape(value);
  if (shape) return { ok: false, reason: shape };
  if (canonicalText(value) !== text) return { ok: false, reason: 'not in RFC 8785 canonical form' };
  return { ok: true, entry: value as EvidenceEntry };
}

function entryShape(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const e = value as Record<string, unknown>;
  if (e.v !== EVIDENCE_LOG_VERSION) return `unsupported version ${String(e.v)}`;
  if (typeof e.at !== 'string' || !TIME.test(e.at)) return 'at is not an RFC 3339 UTC time with milliseconds';
  if (typeof e.jws !== 'string' || !JWS.test(e.jws)) return 'jws is not a compact JWS';
  if (e.kind === 'directory') {
    if (!Number.isInteger(e.version) || (e.version as number) < 1) return 'version is not a positive integer';
    return only(e, ['v', 'kind', 'at', 'version', 'jws']);
  }
  if (e.kind !== 'envelope' && e.kind !== 'receipt' && e.kind !== 'problem') return `unknown kind ${String(e.kind)}`;
  if (e.direction !== 'sent' && e.direction !== 'received') return 'direction is neither sent nor received';
  return only(e, ['v', 'kind', 'direction', 'at', 'jws']);
}

function only(e: Record<string, unknown>, keys: string[]): string | undefined {
  const extra = Object.keys(e).find((k) => !keys.includes(k));
  return extra === undefined ? undefined : `unknown member ${extra}`;
}

/**
 * The entry for an envelope the node sent or received, its kind read from the envelope's
 * `type` (`receipt`, `problem`, or any business type: `envelope`), read from the payload unless
 * the caller knows it. The JWS is kept exactly.
 *
 * @example
 * await appendEvidence(trx, envelopeEntry(m.jws, 'received', now));
 */
export function envelopeEntry(jws: string, direction: Direction, at: Date, knownType?: string): EvidenceEntry {
  const type = knownType ?? unverifiedPayload(jws)['type'];
  const kind = type === 'receipt' || type === 'problem' ? type : 'envelope';
  return { v: EVIDENCE_LOG_VERSION, kind, direction, at: at.toISOString(), jws };
}
