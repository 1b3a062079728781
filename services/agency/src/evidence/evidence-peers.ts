import { evidencePeerSubject, type Bus } from '@mou-hub/bus';
import {
  canonicalText, judgeHead, leafHash, parseEntry, unverifiedPayload, verifyHeadWith, verifyInclusion, type EvidenceEntry, type WitnessRequest,
} from '@mou-hub/evidence';
import { envelopeHash, type Directory } from '@mou-hub/protocol';
import type { Logger } from '@mou-hub/service-kit';
import type { Kysely } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { EvidenceHeads } from './evidence-heads.ts';
import type { StoredHead } from './evidence-store.ts';

/** Subject on which `from` shows `to` its head and the entries they exchanged. */
export const peerSubject = evidencePeerSubject;

/** What a node shows a counterpart: its head, its witnesses, and the entries they exchanged with proofs. */
interface PeerPush extends WitnessRequest {
  countersignatures: string[];
  entries: { index: number; entry: EvidenceEntry; proof: string[] }[];
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));
/**
 * After a head is signed (and witnessed), shows each counterpart the entries of messages it
 * exchanged with this node since the last push, each with its inclusion proof, and a
 * consistency proof from the last head it accepted. The counterpart keeps them: it can then
 * show that this node's log held its messages, and notices if this log is rewritten.
 */
export function pushToCounterparts(deps: { bus: Bus; db: Kysely<AgencyDatabase>; agency: string; log: Logger; timeoutMs?: number }) {
  return async (head: StoredHead, heads: EvidenceHeads): Promise<void> => {
    const tree = await heads.tree();
    const pushed = new Map((await deps.db.selectFrom('evidence_peer_pushes').selectAll().execute()).map((r) => [r.peer, r.size]));
    // Only what some counterpart has not been shown yet is read again (every counterpart that
    // ever had an entry has a row, at the size it was last shown).
    const from = Math.min(head.size, ...(pushed.size > 0 ? pushed.values() : [0]));
    const rows = await deps.db.selectFrom('evidence_entries').select('entry').orderBy('seq').offset(from).limit(head.size - from).execute();
    const byPeer = new Map<string, PeerPush['entries']>();
    rows.forEach((row, i) => {
      const index = from + i;
      const parsed = parseEntry(row.entry);
      if (!parsed.ok || parsed.entry.kind === 'directory') return;
      const p = unverifiedPayload(parsed.entry.jws);
      const peer = parsed.entry.direction === 'sent' ? p['to'] : p['from'];
      if (typeof peer !== 'string' || index < (pushed.get(peer) ?? 0)) return;
      const list = byPeer.get(peer) ?? [];
      list.push({ index, entry: parsed.entry, proof: tree.inclusionProof(index, head.size).map(b64) });
      byPeer.set(peer, list);
    });
    for (const [peer, entries] of byPeer) {
      const last = pushed.get(peer);
      const push: PeerPush = {
        head: head.jws,
        countersignatures: head.countersignatures.map((c) => c.jws),
        entries,
        ...(last ? { proof: { from: last, hashes: tree.consistencyProof(last, head.size).map(b64) } } : {}),
      };
      // Known from now on, even if it does not answer: the next push starts from what it was shown.
      await deps.db.insertInto('evidence_peer_pushes').values({ peer, size: last ?? 0 }).onConflict((oc) => oc.column('peer').doNothing()).execute();
      try {
        const msg = await deps.bus.nc.request(peerSubject(peer, deps.agency), JSON.stringify(push), { timeout: deps.timeoutMs ?? 5_000 });
        const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { ok: boolean; reason?: string };
        if (!reply.ok) {
          deps.log.error({ peer, reason: reply.reason }, 'a counterpart refused this node’s evidence head');
          continue;
        }
        await deps.db.insertInto('evidence_peer_pushes').values({ peer, size: head.size }).onConflict((oc) => oc.column('peer').doUpdateSet({ size: head.size })).execute();
      } catch (err) {
        deps.log.warn({ peer, err: String(err) }, 'evidence head not shown to the counterpart (it will be with the next head)');
      }
    }
  };
}

/**
 * Receives the counterparts' heads: verifies the head with the counterpart's key, its
 * consistency with the last head it showed (else an alarm: it rewrote its log), and each entry's
 * inclusion proof; keeps, for each message this node holds, the head that includes it.
 */
export function servePeerHeads(deps: { bus: Bus; db: Kysely<AgencyDatabase>; agency: string; directory: () => Directory; log: Logger }) {
  let queue: Promise<void> = Promise.resolve();
  const sub = deps.bus.nc.subscribe(peerSubject(deps.agency, '*'), {
    callback: (err, msg) => {
      if (err) return;
      queue = queue
        .then(async () => {
          const reply = await acceptPeerHead(deps, msg.subject.split('.')[5] ?? '', msg.data, new Date());
          if (msg.reply) msg.respond(new TextEncoder().encode(JSON.stringify(reply)));
        })
        .catch((e: unknown) => deps.log.error({ err: String(e) }, 'counterpart evidence head not recorded'));
    },
  });
  return { stop: async () => (sub.unsubscribe(), await queue) };
}

/** The decision on one push from `peer` (exported for tests). */
export async function acceptPeerHead(
  deps: { db: Kysely<AgencyDatabase>; directory: () => Directory; log: Logger }, peer: string, data: Uint8Array, now: Date,
): Promise<{ ok: true; recorded: number } | { ok: false; reason: string }> {
  let push: PeerPush;
  try {
    push = JSON.parse(new TextDecoder().decode(data)) as PeerPush;
    if (typeof push.head !== 'string' || !Array.isArray(push.entries)) throw new TypeError('shape');
  } catch {
    return { ok: false, reason: 'not {head, countersignatures, entries}' };
  }
  const alarm = async (reason: string) => {
    await deps.db.insertInto('evidence_peer_alarms').values({ peer, at: now.toISOString(), detail: reason, jws: push.head.slice(0, 8192) }).execute();
    deps.log.error({ peer, reason }, 'a counterpart’s evidence log contradicts what it showed');
    return { ok: false as const, reason };
  };
  const verified = await verifyHeadWith(deps.directory(), push.head, peer);
  if (!verified.ok) return alarm(verified.reason);
  const { head } = verified;
  const last = await deps.db.selectFrom('evidence_peer_heads').select(['size', 'root']).where('peer', '=', peer).executeTakeFirst();
  const verdict = judgeHead(last, head, push.proof);
  if (verdict.kind === 'need') return { ok: false, reason: `a consistency proof from size ${verdict.from} is needed` };
  if (verdict.kind === 'alarm') return alarm(verdict.detail);
  const root = bytes(head.root);
  let recorded = 0;
  for (const e of push.entries) {
    if (e.entry.kind === 'directory') continue;
    const leaf = leafHash(new TextEncoder().encode(canonicalText(e.entry)));
    if (!verifyInclusion(leaf, e.index, head.size, e.proof.map(bytes), root)) return alarm(`entry ${e.index} is not in the head it came with`);
    const hash = envelopeHash(e.entry.jws);
    const mine =
      (await deps.db.selectFrom('outbox').select('id').where('envelope_hash', '=', hash).executeTakeFirst()) ??
      (await deps.db.selectFrom('inbox').select('id').where('envelope_hash', '=', hash).executeTakeFirst());
    if (!mine) continue; // not a message this node holds: nothing to vouch for
    await deps.db.insertInto('evidence_peer_inclusions').values({ peer, envelope_hash: hash, entry_index: e.index, head_size: head.size, head_root: head.root }).execute();
    recorded++;
  }
  const row = { peer, size: head.size, root: head.root, jws: push.head, countersignatures: JSON.stringify(push.countersignatures ?? []), received_at: now.toISOString() };
  await deps.db.insertInto('evidence_peer_heads').values(row).onConflict((oc) => oc.column('peer').doUpdateSet(row)).execute();
  return { ok: true, recorded };
}
