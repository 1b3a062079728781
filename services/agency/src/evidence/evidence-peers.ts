import { evidencePeerSubject, type Bus } from '@mou-hub/bus';
import {
  canonicalText, judgeHead, leafHashOfText, unverifiedPayload, verifyHeadWith, verifyInclusions, verifyMultiInclusion,
  type EvidenceEntry, type WitnessRequest,
} from '@mou-hub/evidence';
import { envelopeHash, type Directory } from '@mou-hub/protocol';
import type { Logger } from '@mou-hub/service-kit';
import { CompiledQuery, type Kysely } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { EvidenceHeads } from './evidence-heads.ts';
import type { StoredHead } from './evidence-store.ts';

/** Subject on which `from` shows `to` its head and the entries they exchanged. */
export const peerSubject = evidencePeerSubject;

/**
 * What a node shows a counterpart: its head, its witnesses, and the entries they exchanged with
 * proofs. Version 1: each entry as an object with its own inclusion proof. Version 2 (sent since):
 * each entry as its stored text (the exact bytes hashed) and one proof for them all (`hashes`,
 * {@link multiInclusionProof}): a page of neighbours shares most of its paths. Both are accepted.
 */
type PeerPush = PeerPushV1 | PeerPushV2;
interface PeerPushV1 extends WitnessRequest {
  v?: undefined;
  countersignatures: string[];
  entries: { index: number; entry: EvidenceEntry; proof: string[] }[];
}
interface PeerPushV2 extends WitnessRequest {
  v: 2;
  countersignatures: string[];
  entries: { index: number; text: string }[];
  hashes: string[];
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));
/**
 * Largest push sent in one request (the broker's payload limit is 1 MiB): a busy minute is sent
 * in several. A request holds at least one entry, whatever its size.
 */
export const PUSH_MAX_BYTES = 256 * 1024;
/** Bytes of one hash of a proof in the JSON (43 characters of base64url, quotes, comma). */
const HASH_BYTES = 48;
/** Bytes around an entry's text in the JSON: `{"index":…,"text":"…"},` and the escaped quotes of its members. */
const ENTRY_OVERHEAD = 64;
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
    /**
     * Per counterpart: the entries waiting, their size, the size its consistency proof starts
     * from, up to where it was shown in this push, and whether it refused.
     */
    const state = new Map<string, { entries: PeerPushV2['entries']; bytes: number; proofFrom: number | undefined; shownTo?: number; failed: boolean }>();
    /** Up to where a counterpart was shown, kept once at the end of its push (or where it stopped): not a write a request. */
    const saveShown = async (peer: string, size: number | undefined): Promise<void> => {
      if (size !== undefined) await deps.db.insertInto('evidence_peer_pushes').values({ peer, size }).onConflict((oc) => oc.column('peer').doUpdateSet({ size })).execute();
    };
    /** Hashes one run of consecutive entries adds to a request's proof, at most (two paths' worth). */
    const perRun = 2 * Math.ceil(Math.log2(Math.max(2, head.size))) * HASH_BYTES;
    /** What every request carries besides its entries: the head, its countersignatures, a consistency proof (at most as long as a run's). */
    const base = head.jws.length + head.countersignatures.reduce((n, c) => n + c.jws.length + 3, 0) + perRun + 128;
    const send = async (peer: string): Promise<void> => {
      const s = state.get(peer)!;
      if (s.failed || s.entries.length === 0) return;
      const entries = s.entries;
      const lastIndex = entries[entries.length - 1]!.index;
      s.entries = [];
      s.bytes = base;
      const hashes = tree.multiInclusionProof(entries.map((e) => e.index), head.size).map(b64);
      const ask = async (proofFrom: number | undefined): Promise<PeerReply> => {
        const push: PeerPushV2 = {
          v: 2,
          head: head.jws,
          countersignatures: head.countersignatures.map((c) => c.jws),
          entries,
          hashes,
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
          await saveShown(peer, s.shownTo);
          return;
        }
        // It holds this head now; the rest of this push needs no proof. Shown up to here.
        s.proofFrom = head.size;
        s.shownTo = lastIndex + 1;
      } catch (err) {
        s.failed = true;
        deps.log.warn({ peer, err: String(err) }, 'evidence head not shown to the counterpart (it will be with the next head)');
        await saveShown(peer, s.shownTo);
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
        if (!s) state.set(peer, (s = { entries: [], bytes: base, proofFrom: pushed.get(peer), failed: false }));
        if (s.failed) continue;
        // The entry's text in a JSON string, and the hashes a new run of entries may add to the proof.
        let bytes = row.entry.length + ENTRY_OVERHEAD + (s.entries.at(-1)?.index === index - 1 ? 0 : perRun);
        if (s.bytes + bytes > maxBytes && s.entries.length > 0) {
          await send(peer);
          bytes = row.entry.length + ENTRY_OVERHEAD + perRun;
        }
        s.entries.push({ index, text: row.entry });
        s.bytes += bytes;
      }
      // The event loop's turn (API calls, the inbox) between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const peer of state.keys()) {
      await send(peer);
      // Every entry shown: the next push starts at this head's size.
      const s = state.get(peer)!;
      if (!s.failed) await saveShown(peer, head.size);
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
    if (push.v === 2 && !(Array.isArray(push.hashes) && push.entries.every((e) => typeof e?.text === 'string'))) throw new TypeError('shape');
  } catch {
    return { ok: false, reason: 'not {head, countersignatures, entries} (version 1) or {v: 2, head, countersignatures, entries, hashes}' };
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
  // Every proof first (no write for a push that fails one), then one transaction for the writes.
  const proved = push.v === 2 ? proveV2(push, head.size, root) : proveV1(push, head.size, root);
  if (typeof proved === 'string') return alarm(proved);
  const shown = proved.filter((e) => e.entry.kind !== 'directory');
  const checked = shown.map((e) => {
    const id = unverifiedPayload(e.entry.jws)['id'];
    return { index: e.index, hash: envelopeHash(e.entry.jws), id: typeof id === 'string' ? id : '' };
  });
  const row = { peer, size: head.size, root: head.root, jws: push.head, countersignatures: JSON.stringify(push.countersignatures ?? []), received_at: now.toISOString() };
  const recorded = await deps.db.transaction().execute(async (trx) => {
    const held = await messagesHeld(trx, checked);
    const mine = checked.filter((c) => held.has(c.hash));
    // One statement for the whole push.
    const n = mine.length === 0 ? 0 : Number((await trx.executeQuery(CompiledQuery.raw(RECORD_INCLUSIONS, [peer, head.size, head.root, JSON.stringify(mine.map((c) => [c.hash, c.index])), peer]))).numAffectedRows ?? 0);
    await trx.insertInto('evidence_peer_heads').values(row).onConflict((oc) => oc.column('peer').doUpdateSet(row)).execute();
    return n;
  });
  return { ok: true, recorded };
}

/** Version 1: each entry's own inclusion proof (the paths of neighbours are hashed once). */
function proveV1(push: PeerPushV1, size: number, root: Uint8Array): { index: number; entry: EvidenceEntry }[] | string {
  const shown = push.entries.filter((e) => e.entry.kind !== 'directory');
  const failed = verifyInclusions(shown.map((e) => ({ leaf: leafHashOfText(canonicalText(e.entry)), index: e.index, proof: e.proof.map(bytes) })), size, root);
  return failed >= 0 ? `entry ${shown[failed]!.index} is not in the head it came with` : shown;
}

/** Version 2: the texts as sent are the bytes hashed; one proof for them all (none shown: nothing to prove). */
function proveV2(push: PeerPushV2, size: number, root: Uint8Array): { index: number; entry: EvidenceEntry }[] | string {
  if (push.entries.length === 0) return [];
  const items = push.entries.map((e) => ({ index: e.index, leaf: leafHashOfText(e.text) }));
  if (!verifyMultiInclusion(items, size, push.hashes.map(bytes), root)) {
    return `the entries shown (${push.entries.length}, indexes ${push.entries[0]!.index} to ${push.entries.at(-1)!.index}) are not in the head they came with`;
  }
  const out: { index: number; entry: EvidenceEntry }[] = [];
  for (const e of push.entries) {
    let entry: unknown;
    try {
      entry = JSON.parse(e.text);
    } catch {
      return `entry ${e.index} is in the head but is not JSON`;
    }
    const { kind, jws } = (entry ?? {}) as { kind?: unknown; jws?: unknown };
    if (typeof kind !== 'string' || typeof jws !== 'string') return `entry ${e.index} is in the head but is not an entry`;
    out.push({ index: e.index, entry: entry as EvidenceEntry });
  }
  return out;
}

/**
 * The inclusions of a push, in the order shown (the list as one JSON parameter); an entry shown
 * again (its answer was lost, the sender crashed in a push) is kept once, under the first head.
 */
const RECORD_INCLUSIONS =
  'insert into "evidence_peer_inclusions" ("peer", "envelope_hash", "entry_index", "head_size", "head_root") ' +
  'select ?, "shown"."hash", "shown"."index", ?, ? from ' +
  "(select json_extract(value, '$[0]') as \"hash\", json_extract(value, '$[1]') as \"index\", key as \"k\" from json_each(?)) as \"shown\" " +
  'where not exists (select 1 from "evidence_peer_inclusions" as "held" where "held"."envelope_hash" = "shown"."hash" and "held"."peer" = ? and "held"."entry_index" = "shown"."index") ' +
  'order by "shown"."k"';
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
