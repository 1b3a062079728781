import { sha256Digest, verifyOnly, type Envelope } from '@mou-hub/protocol';
import type { Disclosure } from '../bundle/bundle.ts';
import { directoryAt, type HeldDirectory } from './log-checks.ts';
import type { CheckedEntry } from './shape.ts';
import type { Failure, MessageLine } from './types.ts';

interface Verified {
  index: number;
  payload: Envelope;
  kid: string;
  envelopeHash: string;
}

const KIND_OF_TYPE = (type: string): string => (type === 'receipt' || type === 'problem' ? type : 'envelope');

/**
 * Verifies each envelope, receipt and problem as the nodes do (checks 1-9, judged when the node
 * logged it, under the directory version in force there) and that it belongs to this case, to
 * this node's side of it, and to the entry kind it was logged as.
 */
export async function checkEnvelopes(
  entries: readonly CheckedEntry[], held: readonly HeldDirectory[], log: string, thid: string, failures: Failure[],
): Promise<Verified[]> {
  const out: Verified[] = [];
  for (const { index, entry } of entries) {
    if (entry.kind === 'directory') continue;
    const fail = (code: Failure['code'], detail: string): void => void failures.push({ code, entry: index, detail });
    const d = directoryAt(held, index);
    if (!d) {
      fail('no-directory', 'no verified directory version is logged before this entry');
      continue;
    }
    const r = await verifyOnly(entry.jws, { directory: d.directory, at: new Date(entry.at) });
    if (!r.ok) {
      fail('envelope-invalid', `${r.problem.code}: ${r.problem.detail} (directory version ${d.directory.version})`);
      continue;
    }
    const p = r.message.payload;
    if (p.thid !== thid) fail('wrong-case', `message ${p.id} is of thread ${p.thid}, not of this case`);
    else if (KIND_OF_TYPE(p.type) !== entry.kind) fail('kind-mismatch', `a ${p.type} logged as ${entry.kind}`);
    else if ((entry.direction === 'sent' ? p.from : p.to) !== log) fail('direction-mismatch', `logged as ${entry.direction} by ${log}, but from ${p.from} to ${p.to}`);
    else out.push({ index, payload: p, kid: r.message.header.kid, envelopeHash: r.message.envelopeHash });
  }
  return out;
}

/**
 * Builds the case's message lines: each business message with the receipt or problem that
 * answers it. A receipt must answer a message of this case, from its recipient, quoting the
 * hash of exactly that message; the same id twice must be the same bytes.
 */
export function linkMessages(
  verified: readonly Verified[], held: readonly HeldDirectory[], entries: readonly CheckedEntry[],
  disclosures: readonly Disclosure[], failures: Failure[],
): MessageLine[] {
  // One line per envelope: a message of a case with a third party (issue 16) goes to each other
  // party by an envelope of its own, with the same id, sender, type, thread and time.
  const key = (id: string, to: string) => `${id} ${to}`;
  const byKey = new Map<string, MessageLine>();
  const firstOf = new Map<string, Envelope>();
  const logged = new Map(entries.map((e) => [e.index, e.entry.at]));
  for (const v of verified) {
    const p = v.payload;
    const prior = byKey.get(key(p.id, p.to));
    if (prior) {
      if (prior.envelopeHash !== v.envelopeHash) failures.push({ code: 'replay', entry: v.index, detail: `message ${p.id} is logged twice with other bytes` });
      continue;
    }
    const sibling = firstOf.get(p.id);
    if (sibling && sibling.to !== p.to && !sameMessage(sibling, p)) {
      failures.push({ code: 'replay', entry: v.index, detail: `message ${p.id} is logged twice with other bytes` });
      continue;
    }
    firstOf.set(p.id, sibling ?? p);
    if (p.type === 'receipt' || p.type === 'problem') continue;
    byKey.set(key(p.id, p.to), {
      index: v.index, id: p.id, type: p.type, direction: directionOf(entries, v.index),
      from: p.from, to: p.to, created: p.created, logged: logged.get(v.index) ?? '', kid: v.kid,
      directoryVersion: directoryAt(held, v.index)?.directory.version ?? 0, envelopeHash: v.envelopeHash, disclosed: false,
    });
  }
  const lines = [...byKey.values()];
  for (const v of verified) {
    const p = v.payload;
    if (p.type !== 'receipt' && p.type !== 'problem') continue;
    const body = p.body as { for?: string; received?: string; envelope?: string; code?: string };
    const m = body.for === undefined ? undefined : byKey.get(key(body.for, p.from)) ?? lines.find((l) => l.id === body.for);
    if (!m) {
      failures.push({ code: 'receipt-foreign', entry: v.index, detail: `${p.type} ${p.id} answers ${body.for ?? 'nothing'}, which is not a message of this case` });
    } else if (p.from !== m.to || p.to !== m.from) {
      failures.push({ code: 'receipt-foreign', entry: v.index, detail: `${p.type} ${p.id} is from ${p.from}, not from ${m.to}, the recipient of ${m.id}` });
    } else if (p.type === 'receipt' && body.envelope !== m.envelopeHash) {
      failures.push({ code: 'receipt-mismatch', entry: v.index, detail: `receipt ${p.id} quotes ${body.envelope ?? 'no hash'}, not the hash of message ${m.id}` });
    } else if (p.type === 'receipt') {
      m.delivered ??= { received: body.received ?? p.created, index: v.index, kid: v.kid };
    } else {
      m.refused ??= { code: body.code ?? '', index: v.index, kid: v.kid };
    }
  }
  checkDisclosures(verified, lines, disclosures, failures);
  return lines.sort((a, b) => a.index - b.index);
}

/** Two envelopes of one message to two parties: the same sender, type, thread and time. */
function sameMessage(a: Envelope, b: Envelope): boolean {
  return a.from === b.from && a.type === b.type && a.thid === b.thid && a.created === b.created;
}

function directionOf(entries: readonly CheckedEntry[], index: number): 'sent' | 'received' {
  const e = entries.find((x) => x.index === index)?.entry;
  return e && e.kind !== 'directory' ? e.direction : 'sent';
}

function checkDisclosures(
  verified: readonly Verified[], lines: readonly MessageLine[], disclosures: readonly Disclosure[], failures: Failure[],
): void {
  for (const d of disclosures) {
    // A disclosed body is one this agency received: one envelope of that id reached it.
    const line = lines.find((l) => l.id === d.id && l.direction === 'received') ?? lines.find((l) => l.id === d.id);
    const v = verified.find((x) => x.payload.id === d.id && x.index === line?.index) ?? verified.find((x) => x.payload.id === d.id);
    const digest = v && 'digest' in v.payload ? v.payload.digest : undefined;
    if (!v || !line || digest === undefined) {
      failures.push({ code: 'disclosure-mismatch', detail: `a body is disclosed for ${d.id}, which is not an encrypted message of this case` });
    } else if (sha256Digest(d.plaintext) !== digest) {
      failures.push({ code: 'disclosure-mismatch', entry: v.index, detail: `the disclosed body of ${d.id} is not the one its signed digest binds` });
    } else {
      line.disclosed = true;
    }
  }
}
