import { canonicalText } from '../canonical.ts';
import { parseEntry, type EvidenceEntry } from '../entry.ts';
import { BUNDLE_FORMAT, type EvidenceBundle } from '../bundle/bundle.ts';
import type { Failure } from './types.ts';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

/** Checks a bundle's outline (not its entries); answers the bundle or why it is not one. */
export function readBundle(value: unknown): EvidenceBundle | string {
  if (!isObj(value)) return 'not a JSON object';
  if (value.format !== BUNDLE_FORMAT) return `format is not ${BUNDLE_FORMAT}`;
  if (value.v !== 1) return `bundle version ${String(value.v)} is not 1`;
  if (!isStr(value.log) || !isStr(value.exported)) return 'log or exported missing';
  if (!isObj(value.case) || !isStr(value.case.thid)) return 'case.thid missing';
  if (!Array.isArray(value.entries)) return 'entries is not a list';
  if (!isObj(value.head) || !isStr(value.head.jws) || !Array.isArray(value.head.countersignatures) || !value.head.countersignatures.every(isStr)) {
    return 'head is not {jws, countersignatures}';
  }
  if (value.disclosures !== undefined && !(Array.isArray(value.disclosures) && value.disclosures.every((d) => isObj(d) && isStr(d.id) && isStr(d.plaintext)))) {
    return 'disclosures is not a list of {id, plaintext}';
  }
  return value as unknown as EvidenceBundle;
}

/** A bundle entry that passed its shape check. */
export interface CheckedEntry {
  index: number;
  entry: EvidenceEntry;
  proof: Uint8Array[];
}

/**
 * Checks each entry's shape and that indexes rise strictly; entries that fail are reported and
 * left out of the later rules (which would only repeat the failure).
 */
export function readEntries(entries: readonly unknown[], failures: Failure[]): CheckedEntry[] {
  const out: CheckedEntry[] = [];
  let last = -1;
  entries.forEach((raw, position) => {
    const where = isObj(raw) && Number.isInteger(raw.index) ? (raw.index as number) : undefined;
    if (!isObj(raw) || where === undefined || where < 0 || !Array.isArray(raw.proof) || !raw.proof.every(isStr)) {
      failures.push({ code: 'bundle-malformed', detail: `entry at position ${position} is not {index, entry, proof}` });
      return;
    }
    let text: string;
    try {
      text = canonicalText(raw.entry);
    } catch {
      failures.push({ code: 'entry-malformed', entry: where, detail: 'not JSON' });
      return;
    }
    const parsed = parseEntry(text);
    if (!parsed.ok) {
      failures.push({ code: 'entry-malformed', entry: where, detail: parsed.reason });
      return;
    }
    if (where <= last) failures.push({ code: 'order', entry: where, detail: `index ${where} comes after index ${last}` });
    last = Math.max(last, where);
    out.push({ index: where, entry: parsed.entry, proof: (raw.proof as string[]).map((p) => Uint8Array.from(Buffer.from(p, 'base64url'))) });
  });
  return out;
}
