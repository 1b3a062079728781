import { entryText, leafHashOfText, threadOf, type EvidenceEntry } from '@mou-hub/evidence';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { EvidenceTables } from './evidence-schema.ts';

/** Any database or transaction of the node; the evidence tables are reached through {@link evidenceDb}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any> | Transaction<any>;
type Db = Kysely<EvidenceTables> | Transaction<EvidenceTables>;

/**
 * The node's database seen with the evidence tables. The node's `AgencyDatabase` includes
 * them; the callers' transactions are typed with it, so this only narrows the view.
 */
export const evidenceDb = (db: AnyDb): Db => db as Db;

/**
 * Appends one entry to the evidence log, in the caller's transaction (the one that commits
 * the envelope, receipt or directory version): one canonical form, one SHA-256, one insert.
 * Nothing is signed here; heads are signed apart.
 *
 * @example
 * await appendEvidence(trx, { v: 1, kind: 'envelope', direction: 'received', at, jws: m.jws });
 */
export async function appendEvidence(db: AnyDb, entry: EvidenceEntry, thid?: string): Promise<void> {
  const text = entryText(entry);
  // One fixed statement, already compiled: this runs in every committing transaction.
  await db.executeQuery(
    CompiledQuery.raw(APPEND, [entry.kind, entry.kind === 'directory' ? null : (thid ?? threadOf(entry.jws).thid ?? null), text, leafHashOfText(text)]),
  );
}
const APPEND = 'insert into "evidence_entries" ("kind", "thid", "entry", "leaf") values (?, ?, ?, ?)';

/**
 * The leaf hashes stored after the row `afterSeq` (0: from the start), in log order, with their
 * row keys: read by key, so that the rows before are never stepped through again.
 */
export async function storedLeaves(db: AnyDb, afterSeq: number): Promise<{ seq: number; leaf: Uint8Array }[]> {
  const rows = await evidenceDb(db).selectFrom('evidence_entries').select(['seq', 'leaf']).where('seq', '>', afterSeq).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, leaf: new Uint8Array(r.leaf) }));
}

/** The stored entries' texts, in log order, the first `size` of them. */
export async function storedEntries(db: AnyDb, size: number): Promise<string[]> {
  const rows = await evidenceDb(db).selectFrom('evidence_entries').select('entry').orderBy('seq').limit(size).execute();
  return rows.map((r) => r.entry);
}

/** A head the node signed, with the countersignatures received for it. */
export interface StoredHead {
  size: number;
  root: string;
  time: string;
  jws: string;
  countersignatures: { witness: string; jws: string }[];
}

/** Keeps a head this node signed (once per size). */
export async function saveHead(db: AnyDb, head: { size: number; root: string; time: string; jws: string }): Promise<void> {
  await evidenceDb(db).insertInto('evidence_heads').values(head).onConflict((oc) => oc.column('size').doNothing()).execute();
}

/** Keeps a witness's countersignature of the head of `size`. */
export async function saveCountersignature(db: AnyDb, c: { size: number; witness: string; jws: string; at: Date }): Promise<void> {
  // A head sent again (signed on demand for an export, then at the interval, at one size) may be
  // countersigned again by the same witness: one countersignature per witness and size is kept.
  const held = await evidenceDb(db).selectFrom('evidence_witness').select('seq').where('size', '=', c.size).where('witness', '=', c.witness).executeTakeFirst();
  if (held) return;
  await evidenceDb(db).insertInto('evidence_witness').values({ size: c.size, witness: c.witness, jws: c.jws, received_at: c.at.toISOString() }).execute();
}

/** The latest head (largest size), or the latest one a witness countersigned. */
export async function latestHead(db: AnyDb, options: { witnessed?: boolean; atLeast?: number } = {}): Promise<StoredHead | undefined> {
  let q = evidenceDb(db).selectFrom('evidence_heads').selectAll().orderBy('size', 'desc').limit(1);
  if (options.witnessed) q = q.where('size', 'in', (s) => s.selectFrom('evidence_witness').select('size'));
  if (options.atLeast !== undefined) q = q.where('size', '>=', options.atLeast);
  const head = await q.executeTakeFirst();
  if (!head) return undefined;
  const witnesses = await evidenceDb(db).selectFrom('evidence_witness').select(['witness', 'jws']).where('size', '=', head.size).orderBy('seq').execute();
  return { ...head, countersignatures: witnesses };
}

/** The log position (0-based) of the last entry of a thread, if it has any. */
export async function lastIndexOfThread(db: AnyDb, thid: string): Promise<number | undefined> {
  const row = await evidenceDb(db).selectFrom('evidence_entries').select(({ fn }) => fn.max('seq').as('seq')).where('thid', '=', thid).executeTakeFirst();
  if (row?.seq === null || row?.seq === undefined) return undefined;
  const before = await evidenceDb(db).selectFrom('evidence_entries').select(({ fn }) => fn.countAll<number>().as('n')).where('seq', '<', row.seq).executeTakeFirstOrThrow();
  return Number(before.n);
}
