import { MerkleLog, entryLeafHash, signHead, type EvidenceEntry } from '@mou-hub/evidence';
import { makeCases } from '@mou-hub/evidence/testing';
import { Directory, verifyDirectory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../platform/test-db.ts';
import { acceptPeerHead } from './evidence-peers.ts';

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
    expect(await acceptPeerHead(deps, 'la-mlsw', await push(log), now)).toEqual({ ok: false, reason: 'a consistency proof from size 6 is needed' });
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
