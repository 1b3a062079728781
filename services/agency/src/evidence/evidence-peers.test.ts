import { MerkleLog, entryLeafHash, entryText, signHead, type EvidenceEntry } from '@mou-hub/evidence';
import { makeCases } from '@mou-hub/evidence/testing';
import { Directory, verifyDirectory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../platform/test-db.ts';
import { acceptPeerHead, pushToCounterparts, servePeerHeads } from './evidence-peers.ts';
import { connectBus } from '@mou-hub/bus';
import { startNats } from '@mou-hub/testkit';
import { envelopeHash } from '@mou-hub/protocol';
import { EvidenceHeads } from './evidence-heads.ts';
import { appendEvidence } from './evidence-store.ts';

let f: Awaited<ReturnType<typeof makeCases>>;
let directory: Directory;
beforeAll(async () => {
  f = await makeCases();
  const checked = await verifyDirectory(f.dir2, [f.rootPublic]);
  directory = new Directory(checked.ok ? checked.snapshot : (undefined as never));
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { id: string; thid: string; type: string; from: string; to: string };

/** What la-mlsw's node shows th-msdhs for a log: the head, and every entry with its proof. */
async function push(entries: readonly EvidenceEntry[], from?: number): Promise<Uint8Array> {
  const tree = new MerkleLog(entries.map(entryLeafHash));
  const head = await signHead({ v: 1, log: 'la-mlsw', size: tree.size, root: b64(tree.root()), time: '2026-03-01T09:00:00.000Z' }, f.signers['la-mlsw']);
  const shown = entries.map((entry, index) => ({ index, entry, proof: tree.inclusionProof(index).map(b64) })).filter((e) => e.entry.kind !== 'directory');
  const proof = from === undefined ? undefined : { from, hashes: tree.consistencyProof(from).map(b64) };
  return new TextEncoder().encode(JSON.stringify({ head, countersignatures: [], entries: shown, ...(proof ? { proof } : {}) }));
}

/**
 * A test database at th-msdhs holding, as its outbox row, the first message la-mlsw's log
 * received from it (index 1 of the log); with what `acceptPeerHead` needs.
 */
async function counterpartHoldingFirst() {
  const { db, close } = await openTestDatabase();
  closers.push(close);
  const first = f.logs['la-mlsw'][1]!;
  if (first.kind === 'directory') throw new Error('the test log changed');
  const p = payloadOf(first.jws);
  await db.insertInto('outbox').values({
    id: p.id, to_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: p.thid, body: '{}', created: first.at, status: 'delivered',
    jws: first.jws, envelope_hash: envelopeHash(first.jws), attempts: 1, next_attempt_at: first.at, updated_at: first.at,
  } as never).execute();
  return { db, first, deps: { db, directory: () => directory, log: createLogger('test') } };
}

describe("a counterpart's evidence heads (real SQLite)", () => {
  it('keeps, for each message it holds, the head that includes it; raises an alarm when the log is rewritten', async () => {
    // th-msdhs holds the first message la-mlsw received from it (as its outbox row).
    const { db, deps } = await counterpartHoldingFirst();
    const now = new Date();
    const log = f.logs['la-mlsw'];
    expect(await acceptPeerHead(deps, 'la-mlsw', await push(log.slice(0, 6)), now)).toEqual({ ok: true, recorded: 1 });
    expect(await acceptPeerHead(deps, 'la-mlsw', await push(log), now)).toEqual({ ok: false, reason: 'a consistency proof from size 6 is needed', need: 6 });
    expect(await acceptPeerHead(deps, 'la-mlsw', await push(log, 6), now)).toMatchObject({ ok: true });
    const rewritten = [...log];
    rewritten.splice(2, 1);
    rewritten.push(log[0]!, log[0]!);
    expect(await acceptPeerHead(deps, 'la-mlsw', await push(rewritten, log.length), now)).toMatchObject({ ok: false, reason: expect.stringContaining('not consistent') });
    const alarms = await db.selectFrom('evidence_peer_alarms').select(['peer', 'detail']).execute();
    expect(alarms).toEqual([{ peer: 'la-mlsw', detail: expect.stringContaining(`witnessed head of size ${log.length}`) }]);
    // A head signed by another agency than the one it claims to come from.
    expect(await acceptPeerHead(deps, 'th-msdhs', await push(log), now)).toMatchObject({ ok: false, reason: expect.stringContaining('is not a key of th-msdhs') });
  });
});

/** The same in version 2: each entry as its text, one proof for them all. */
async function pushV2(entries: readonly EvidenceEntry[], change: (shown: { index: number; text: string }[]) => void = () => undefined): Promise<Uint8Array> {
  const tree = new MerkleLog(entries.map(entryLeafHash));
  const head = await signHead({ v: 1, log: 'la-mlsw', size: tree.size, root: b64(tree.root()), time: '2026-03-01T09:00:00.000Z' }, f.signers['la-mlsw']);
  const shown = entries.map((entry, index) => ({ index, entry })).filter((e) => e.entry.kind !== 'directory').map((e) => ({ index: e.index, text: entryText(e.entry) }));
  const hashes = tree.multiInclusionProof(shown.map((e) => e.index)).map(b64);
  change(shown);
  return new TextEncoder().encode(JSON.stringify({ v: 2, head, countersignatures: [], entries: shown, hashes }));
}

describe("a counterpart's push, version 2 (real SQLite)", () => {
  it('keeps what it holds once, even shown again; a changed byte of an entry or a moved entry is an alarm; a malformed push is refused', async () => {
    const { db, first, deps } = await counterpartHoldingFirst();
    const log = f.logs['la-mlsw'];
    const now = new Date();
    expect(await acceptPeerHead(deps, 'la-mlsw', await pushV2(log), now)).toEqual({ ok: true, recorded: 1 });
    // The same push again (its answer was lost): nothing more kept.
    expect(await acceptPeerHead(deps, 'la-mlsw', await pushV2(log), now)).toEqual({ ok: true, recorded: 0 });
    expect(await db.selectFrom('evidence_peer_inclusions').select(['envelope_hash', 'entry_index']).execute()).toEqual([{ envelope_hash: envelopeHash(first.jws), entry_index: 1 }]);
    const flipped = await pushV2(log, (shown) => {
      const t = shown[2]!.text;
      shown[2]!.text = t.replace('"at":"2026', '"at":"2027');
    });
    expect(await acceptPeerHead(deps, 'la-mlsw', flipped, now)).toEqual({ ok: false, reason: expect.stringMatching(/^the entries shown \(\d+, indexes 1 to \d+\) are not in the head they came with$/) });
    const moved = await pushV2(log, (shown) => {
      [shown[0]!.text, shown[1]!.text] = [shown[1]!.text, shown[0]!.text];
    });
    expect(await acceptPeerHead(deps, 'la-mlsw', moved, now)).toMatchObject({ ok: false, reason: expect.stringContaining('are not in the head they came with') });
    expect(await db.selectFrom('evidence_peer_alarms').select('detail').execute()).toHaveLength(2);
    const noHashes = new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(await pushV2(log))), hashes: undefined }));
    expect(await acceptPeerHead(deps, 'la-mlsw', noHashes, now)).toEqual({ ok: false, reason: expect.stringContaining('{v: 2, head, countersignatures, entries, hashes}') });
    expect(await db.selectFrom('evidence_peer_alarms').select('detail').execute()).toHaveLength(2);
  });
});

describe("which of a counterpart's entries a node holds (real SQLite)", () => {
  it('a message sent as a copy to a third party (its outbox row by copy_of) and a receipt received (its inbox by hash); not one with another hash or not held', async () => {
    const { db, close } = await openTestDatabase();
    closers.push(close);
    const log = f.logs['la-mlsw'];
    // la-mlsw's log: the note of case A it received, its receipt, the note of case B, its receipt, …
    const message = (e: EvidenceEntry | undefined) => {
      if (!e || e.kind === 'directory') throw new Error('the test log changed');
      return e;
    };
    const [noteA, receiptA, noteB] = [message(log[1]), message(log[2]), message(log[3])];
    const a = payloadOf(noteA.jws);
    const b = payloadOf(noteB.jws);
    const r = payloadOf(receiptA.jws);
    const outbox = (id: string, copyOf: string | null, jws: string, hash: string) => ({
      id, to_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: a.thid, body: '{}', created: noteA.at, status: 'delivered',
      jws, envelope_hash: hash, attempts: 1, next_attempt_at: noteA.at, updated_at: noteA.at, copy_of: copyOf,
    });
    await db.insertInto('outbox').values(outbox('a-copy-to-la', a.id, noteA.jws, envelopeHash(noteA.jws)) as never).execute();
    // Case B's id, another envelope: not the one la-mlsw logged.
    await db.insertInto('outbox').values(outbox(b.id, null, noteB.jws, 'sha256:another-envelope') as never).execute();
    await db.insertInto('inbox').values({
      id: r.id, from_agency: 'la-mlsw', agreement: 'la-th', type: 'receipt', thid: r.thid, created: receiptA.at, received_at: receiptA.at, body: '{}',
      envelope_hash: envelopeHash(receiptA.jws), stream_seq: 1,
    } as never).execute();
    const deps = { db, directory: () => directory, log: createLogger('test') };
    expect(await acceptPeerHead(deps, 'la-mlsw', await push(log), new Date())).toEqual({ ok: true, recorded: 2 });
    const kept = await db.selectFrom('evidence_peer_inclusions').select(['envelope_hash', 'entry_index', 'head_size']).orderBy('seq').execute();
    expect(kept).toEqual([
      { envelope_hash: envelopeHash(noteA.jws), entry_index: 1, head_size: log.length },
      { envelope_hash: envelopeHash(receiptA.jws), entry_index: 2, head_size: log.length },
    ]);
  });
});

/** The unverified payload of a JWS (the test's own messages). */
describe("showing a counterpart one's log over NATS (real nats-server, real SQLite)", () => {
  it('sends a busy log in requests under the size limit, each kept; a counterpart that holds a later head names the size it needs', async () => {
    const nats = await startNats();
    const bus = await connectBus({ servers: nats.url, name: 'evidence-peers-test' });
    const la = await openTestDatabase();
    const th = await openTestDatabase();
    closers.push(async () => (await la.close(), await th.close(), await bus.close(), await nats.stop()));
    const log = createLogger('test');
    const entries = f.logs['la-mlsw'];
    for (const [i, e] of entries.entries()) {
      await appendEvidence(la.db, e);
      // Row keys with a gap (as any autoincrement may have): the log is read by key, never by offset.
      if (i === 3) await sql`update sqlite_sequence set seq = seq + 100 where name = 'evidence_entries'`.execute(la.db);
    }
    // th-msdhs holds what it sent la-mlsw (notes and receipts) in its outbox.
    const fromTh = entries.filter((e) => e.kind !== 'directory' && payloadOf(e.jws).from === 'th-msdhs');
    for (const e of fromTh) {
      if (e.kind === 'directory') continue;
      const p = payloadOf(e.jws);
      await th.db.insertInto('outbox').values({
        id: p.id, to_agency: 'la-mlsw', agreement: 'la-th', type: p.type, thid: p.thid, body: '{}', created: e.at, status: 'delivered',
        jws: e.jws, envelope_hash: envelopeHash(e.jws), attempts: 1, next_attempt_at: e.at, updated_at: e.at,
      } as never).execute();
    }
    const served = servePeerHeads({ bus, db: th.db, agency: 'th-msdhs', directory: () => directory, log });
    closers.unshift(() => served.stop());
    let requests = 0;
    bus.nc.subscribe('mou.v1.evidence.th-msdhs.peer.la-mlsw', { callback: () => void requests++ });
    const heads = new EvidenceHeads({ agency: 'la-mlsw', db: la.db, signer: async () => f.signers['la-mlsw'], log });
    // One entry a request: the smallest limit there is.
    const push = pushToCounterparts({ bus, db: la.db, agency: 'la-mlsw', log, maxBytes: 1 });
    const first = await heads.sign(new Date('2026-03-01T09:00:00.000Z'));
    await push(first, heads);
    const shown = entries.filter((e) => e.kind !== 'directory').length;
    expect(requests).toBe(shown);
    const kept = await th.db.selectFrom('evidence_peer_inclusions').select(['envelope_hash', 'head_size']).execute();
    expect(kept.map((k) => k.envelope_hash).sort()).toEqual(fromTh.map((e) => envelopeHash(e.jws)).sort());
    expect(await th.db.selectFrom('evidence_peer_heads').select(['peer', 'size']).execute()).toEqual([{ peer: 'la-mlsw', size: first.size }]);
    expect(await la.db.selectFrom('evidence_peer_pushes').select(['peer', 'size']).execute()).toEqual([{ peer: 'th-msdhs', size: first.size }]);

    // The answer to the last push was lost: la-mlsw thinks th-msdhs holds only its head of size 3.
    await la.db.updateTable('evidence_peer_pushes').set({ size: 3 }).execute();
    await appendEvidence(la.db, { ...fromTh[0]!, at: '2026-03-01T09:10:00.000Z' } as EvidenceEntry);
    const second = await heads.sign(new Date('2026-03-01T09:11:00.000Z'));
    requests = 0;
    await pushToCounterparts({ bus, db: la.db, agency: 'la-mlsw', log })(second, heads);
    // One request with the proof from 3 (th-msdhs asks for one from the size it holds), then the one it asked for.
    expect(requests).toBe(2);
    expect(await th.db.selectFrom('evidence_peer_heads').select(['peer', 'size']).execute()).toEqual([{ peer: 'la-mlsw', size: second.size }]);
    expect(await th.db.selectFrom('evidence_peer_alarms').selectAll().execute()).toEqual([]);
    expect(await la.db.selectFrom('evidence_peer_pushes').select(['peer', 'size']).execute()).toEqual([{ peer: 'th-msdhs', size: second.size }]);

    // A busier minute under a small limit: several entries a request, every request within it, each entry shown once.
    const sizes: number[] = [];
    bus.nc.subscribe('mou.v1.evidence.th-msdhs.peer.la-mlsw', { callback: (_, m) => void sizes.push(m.data.length) });
    const more = Array.from({ length: 40 }, (_, i) => ({ ...fromTh[i % fromTh.length]!, at: `2026-03-01T09:2${Math.floor(i / 10)}:0${i % 10}.000Z` }) as EvidenceEntry);
    for (const e of more) await appendEvidence(la.db, e);
    const third = await heads.sign(new Date('2026-03-01T09:30:00.000Z'));
    await pushToCounterparts({ bus, db: la.db, agency: 'la-mlsw', log, maxBytes: 12 * 1024 })(third, heads);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThan(more.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(12 * 1024);
    expect(await th.db.selectFrom('evidence_peer_heads').select(['peer', 'size']).execute()).toEqual([{ peer: 'la-mlsw', size: third.size }]);
    const shownAt = await th.db.selectFrom('evidence_peer_inclusions').select('entry_index').where('head_size', '=', third.size).execute();
    expect(shownAt.map((r) => r.entry_index).sort((a, b) => a - b)).toEqual(Array.from({ length: more.length }, (_, i) => second.size + i));
  });
});
