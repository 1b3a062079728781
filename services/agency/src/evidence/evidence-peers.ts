import { evidencePeerSubject, type Bus } from '@mou-hub/bus';
import {
  canonicalText, judgeHead, leafHashOfText, unverifiedPayload, verifyHeadWith, verifyInclusions, type EvidenceEntry, type WitnessRequest,
} from '@mou-hub/evidence';
import { envelopeHash, type Directory } from '@mou-hub/protocol';
import type { Logger } from '@mou-hub/service-kit';
import { CompiledQuery, type Kysely } from 'kysely';
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
/** Largest push sent in one request (the broker's payload limit is 1 MiB): a busy minute is sent in several. */
export const PUSH_MAX_BYTES = 256 * 1024;
/** Rows of the log read (and hashed into proofs) at a time before the event loop gets a turn. */
const PAGE = 500;

type PeerReply = { ok: true; recorded: number } | { ok: false; reason: string; need?: number };

/**
 * After a head is signed (and witnessed), shows each counterpart the entries of messages it
 * exchanged with this node since the last push, each with its inclusion proof, and a
 * consistency proof from the last head it accepted. The counterpart keeps them: it can then
 * show that this node's log held its messages, and notices if this log is rewritten.
 * The entries go in requests of at most {@link PUSH_MAX_BYTES} (`maxBytes`), each with the
 * head; the log is read a page at a time, so a busy minute neither exceeds the broker's
 * payload limit nor holds the event loop. A counterpart that holds a later head than this node
 * thinks (an answer lost) names the size it needs a consistency proof from, and gets it.
 */
export function pushToCounterparts(deps: { bus: Bus; db: Kysely<AgencyDatabase>; agency: string; log: Logger; timeoutMs?: number; maxBytes?: number }) {
  const maxBytes = deps.maxBytes ?? PUSH_MAX_BYTES;
  return async (head: StoredHead, heads: EvidenceHeads): Promise<void> => {
    const tree = await heads.tree();
    const pushed = new Map((await deps.db.selectFrom('evidence_peer_pushes').selectAll().execute()).map((r) => [r.peer, r.size]));
    // Only what some counterpart has not been shown yet is read again (every counterpart that
    // ever had an entry has a row, at the size it was last shown).
    const from = Math.min(head.size, ...(pushed.size > 0 ? pushed.values() : [0]));
    /** Per counterpart: the entries waiting, their size, the size its consistency proof starts from, and whether it refused. */
    const state = new Map<string, { entries: PeerPush['entries']; bytes: number; proofFrom: number | undefined; failed: boolean }>();
    const send = async (peer: string): Promise<void> => {
      const s = state.get(peer)!;
      if (s.failed || s.entries.length === 0) return;
      const entries = s.entries;
      const lastIndex = entries[entries.length - 1]!.index;
      s.entries = [];
      s.bytes = 0;
      const ask = async (proofFrom: number | undefined): Promise<PeerReply> => {
        const push: PeerPush = {
          head: head.jws,
          countersignatures: head.countersignatures.map((c) => c.jws),
          entries,
          ...(proofFrom && proofFrom < head.size ? { proof: { from: proofFrom, hashes: tree.consistencyProof(proofFrom, head.size).map(b64) } } : {}),
        };
        const msg = await deps.bus.nc.request(peerSubject(peer, deps.agency), JSON.stringify(push), { timeout: deps.timeoutMs ?? 5_000 });
        return JSON.parse(new TextDecoder().decode(msg.data)) as PeerReply;
      };
      // Known from now on, even if it does not answer: the next push starts from what it was shown.
      if (!pushed.has(peer)) {
        await deps.db.insertInto('evidence_peer_pushes').values({ peer, size: s.proofFrom ?? 0 }).onConflict((oc) => oc.column('peer').doNothing()).execute();
        pushed.set(peer, s.proofFrom ?? 0);
      }
      try {
        let reply = await ask(s.proofFrom);
        if (!reply.ok && reply.need !== undefined && reply.need <= head.size && reply.need !== s.proofFrom) reply = await ask(reply.need);
        if (!reply.ok) {
          s.failed = true;
          deps.log.error({ peer, reason: reply.reason }, 'a counterpart refused this node’s evidence head');
          return;
        }
        // It holds this head now; the rest of this push needs no proof. Shown up to here.
        s.proofFrom = head.size;
        const size = lastIndex + 1;
        await deps.db.insertInto('evidence_peer_pushes').values({ peer, size }).onConflict((oc) => oc.column('peer').doUpdateSet({ size })).execute();
      } catch (err) {
        s.failed = true;
        deps.log.warn({ peer, err: String(err) }, 'evidence head not shown to the counterpart (it will be with the next head)');
      }
    };
    for (let offset = from; offset < head.size; offset += PAGE) {
      // By row key (the tree knows each position's), never by offset: a page costs its rows only.
      const rows = await deps.db.selectFrom('evidence_entries').select('entry')
        .where('seq', '>=', heads.seqAt(offset)).where('seq', '<=', heads.seqAt(Math.min(offset + PAGE, head.size) - 1)).orderBy('seq').execute();
      for (const [i, row] of rows.entries()) {
        const index = offset + i;
        const entry = JSON.parse(row.entry) as EvidenceEntry;
        if (entry.kind === 'directory') continue;
        const p = unverifiedPayload(entry.jws);
        const peer = entry.direction === 'sent' ? p['to'] : p['from'];
        if (typeof peer !== 'string' || index < (pushed.get(peer) ?? 0)) continue;
        let s = state.get(peer);
        if (!s) state.set(peer, (s = { entries: [], bytes: 0, proofFrom: pushed.get(peer), failed: false }));
        if (s.failed) continue;
        const shown = { index, entry, proof: tree.inclusionProof(index, head.size).map(b64) };
        const bytes = row.entry.length + 48 * shown.proof.length + 32;
        if (s.bytes + bytes > maxBytes && s.entries.length > 0) await send(peer);
        s.entries.push(shown);
        s.bytes += bytes;
      }
      // The event loop's turn (API calls, the inbox) between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const peer of state.keys()) {
      await send(peer);
      // Every entry shown: the next push starts at this head's size.
      const s = state.get(peer)!;
      if (!s.failed) await deps.db.insertInto('evidence_peer_pushes').values({ peer, size: head.size }).onConflict((oc) => oc.column('peer').doUpdateSet({ size: head.size })).execute();
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
): Promise<PeerReply> {
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
  if (verdict.kind === 'need') return { ok: false, reason: `a consistency proof from size ${verdict.from} is needed`, need: verdict.from };
  if (verdict.kind === 'alarm') return alarm(verdict.detail);
  const root = bytes(head.root);
  // Every proof first (no write for a push that fails one; the paths of neighbours are hashed once), then one transaction for the writes.
  const shown = push.entries.filter((e) => e.entry.kind !== 'directory');
  const failed = verifyInclusions(
    shown.map((e) => ({ leaf: leafHashOfText(canonicalText(e.entry)), index: e.index, proof: e.proof.map(bytes) })), head.size, root,
  );
  if (failed >= 0) return alarm(`entry ${shown[failed]!.index} is not in the head it came with`);
  const checked = shown.map((e) => {
    const id = unverifiedPayload(e.entry.jws)['id'];
    return { index: e.index, hash: envelopeHash(e.entry.jws), id: typeof id === 'string' ? id : '' };
  });
  const row = { peer, size: head.size, root: head.root, jws: push.head, countersignatures: JSON.stringify(push.countersignatures ?? []), received_at: now.toISOString() };
  const recorded = await deps.db.transaction().execute(async (trx) => {
    const held = await messagesHeld(trx, checked);
    const mine = checked.filter((c) => held.has(c.hash));
    // One statement for the whole push, in the order shown (a list as one JSON parameter).
    if (mine.length > 0) {
      await trx.executeQuery(CompiledQuery.raw(RECORD_INCLUSIONS, [peer, head.size, head.root, JSON.stringify(mine.map((c) => [c.hash, c.index]))]));
    }
    await trx.insertInto('evidence_peer_heads').values(row).onConflict((oc) => oc.column('peer').doUpdateSet(row)).execute();
    return mine.length;
  });
  return { ok: true, recorded };
}

const RECORD_INCLUSIONS =
  'insert into "evidence_peer_inclusions" ("peer", "envelope_hash", "entry_index", "head_size", "head_root") ' +
  "select ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?, ? from json_each(?) order by key";
/** Outbox rows by message id (their key) or `copy_of` (a copy to a case's third party, issue 16). */
const OUTBOX_BY_ID =
  'select "id", "copy_of", "envelope_hash" from "outbox" where "id" in (select value from json_each(?)) ' +
  'union all select "id", "copy_of", "envelope_hash" from "outbox" where "copy_of" in (select value from json_each(?))';
const INBOX_BY_HASH = 'select "envelope_hash" from "inbox" where "envelope_hash" in (select value from json_each(?))';

/**
 * Which of these envelopes (by hash) this node holds: sent (its outbox, found by the message id,
 * then compared by hash: the outbox's hash has no index) or received (its inbox, by hash).
 * Two statements for a whole push, not two per entry.
 */
async function messagesHeld(trx: Kysely<AgencyDatabase>, shown: readonly { id: string; hash: string }[]): Promise<Set<string>> {
  const held = new Set<string>();
  const ids = [...new Set(shown.map((s) => s.id))];
  const sent = await trx.executeQuery<{ id: string; copy_of: string | null; envelope_hash: string | null }>(CompiledQuery.raw(OUTBOX_BY_ID, [JSON.stringify(ids), JSON.stringify(ids)]));
  const byId = new Set<string>();
  for (const r of sent.rows) {
    byId.add(`${r.id} ${r.envelope_hash}`);
    if (r.copy_of !== null) byId.add(`${r.copy_of} ${r.envelope_hash}`);
  }
  for (const s of shown) if (byId.has(`${s.id} ${s.hash}`)) held.add(s.hash);
  const rest = [...new Set(shown.filter((s) => !held.has(s.hash)).map((s) => s.hash))];
  if (rest.length > 0) {
    const received = await trx.executeQuery<{ envelope_hash: string }>(CompiledQuery.raw(INBOX_BY_HASH, [JSON.stringify(rest)]));
    for (const r of received.rows) held.add(r.envelope_hash);
  }
  return held;
}
