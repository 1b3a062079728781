import { MerkleLog, entryLeafHash, signHead, type EvidenceEntry } from '@mou-hub/evidence';
import { makeCases } from '@mou-hub/evidence/testing';
import { Directory, verifyDirectory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
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

/** What la-mlsw's node shows th-msdhs for a log: the head, and every entry with its proof. */
async function push(entries: readonly EvidenceEntry[], from?: number): Promise<Uint8Array> {
  const tree = new MerkleLog(entries.map(entryLeafHash));
  const head = await signHead({ v: 1, log: 'la-mlsw', size: tree.size, root: b64(tree.root()), time: '2026-03-01T09:00:00.000Z' }, f.signers['la-mlsw']);
  const shown = entries.map((entry, index) => ({ index, entry, proof: tree.inclusionProof(index).map(b64) })).filter((e) => e.entry.kind !== 'directory');
  const proof = from === undefined ? undefined : { from, hashes: tree.consistencyProof(from).map(b64) };
  return new TextEncoder().encode(JSON.stringify({ head, countersignatures: [], entries: shown, ...(proof ? { proof } : {}) }));
}

describe("a counterpart's evidence heads (real SQLite)", () => {
  it('keeps, for each message it holds, the head that includes it; raises an alarm when the log is rewritten', async () => {
    const { db, close } = await openTestDatabase();
    closers.push(close);
    // th-msdhs holds the first message la-mlsw received from it (as its outbox row).
    const first = f.logs['la-mlsw'][1]!;
    const p = JSON.parse(Buffer.from(first.jws.split('.')[1]!, 'base64url').toString()) as { id: string; thid: string };
    const { envelopeHash } = await import('@mou-hub/protocol');
    await db.insertInto('outbox').values({
      id: p.id, to_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: p.thid, body: '{}', created: first.at, status: 'delivered',
      jws: first.jws, envelope_hash: envelopeHash(first.jws), attempts: 1, next_attempt_at: first.at, updated_at: first.at,
    } as never).execute();
    const deps = { db, directory: () => directory, log: createLogger('test') };
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

/** The unverified payload of a JWS (the test's own messages). */
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { id: string; thid: string; type: string; from: string; to: string };

describe("showing a counterpart one's log over NATS (real nats-server, real SQLite)", () => {
  it('sends a busy log in requests under the size limit, each kept; a counterpart that holds a later head names the size it needs', async () => {
    const nats = await startNats();
    const bus = await connectBus({ servers: nats.url, name: 'evidence-peers-test' });
    const la = await openTestDatabase();
    const th = await openTestDatabase();
    closers.push(async () => (await la.close(), await th.close(), await bus.close(), await nats.stop()));
    const log = createLogger('test');
    const entries = f.logs['la-mlsw'];
    for (const e of entries) await appendEvidence(la.db, e);
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
  });
});
