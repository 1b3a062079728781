import type { Kysely } from 'kysely';
import type { AuditDb } from '../store/schema.ts';
import type { Witnessed } from '@mou-hub/evidence';

/** The head last countersigned for a log. */
export async function lastWitnessed(db: Kysely<AuditDb>, log: string): Promise<Witnessed | undefined> {
  return db.selectFrom('witnessed_heads').select(['size', 'root']).where('log', '=', log).executeTakeFirst();
}

/** Records the head just countersigned as the log's last. */
export async function recordWitnessed(
  db: Kysely<AuditDb>, w: { log: string; size: number; root: string; time: string; headJws: string; countersignature: string; at: Date },
): Promise<void> {
  const row = { log: w.log, size: w.size, root: w.root, time: w.time, head_jws: w.headJws, countersignature: w.countersignature, witnessed_at: w.at.toISOString() };
  await db.insertInto('witnessed_heads').values(row).onConflict((oc) => oc.column('log').doUpdateSet(row)).execute();
}

/** Records a head that contradicts its log's witnessed history. */
export async function recordAlarm(
  db: Kysely<AuditDb>, a: { log: string; kind: string; detail: string; witnessedSize?: number; headSize?: number; headJws: string; at: Date },
): Promise<void> {
  await db.insertInto('witness_alarms').values({
    log: a.log, at: a.at.toISOString(), kind: a.kind, detail: a.detail,
    witnessed_size: a.witnessedSize ?? null, head_size: a.headSize ?? null, head_jws: a.headJws,
  }).execute();
}

/** Every log's witnessed head and its alarms, for the dashboard. */
export async function witnessOverview(db: Kysely<AuditDb>): Promise<{
  logs: { log: string; size: number; time: string; witnessedAt: string }[];
  alarms: { log: string; at: string; kind: string; detail: string; witnessedSize: number | null; headSize: number | null }[];
}> {
  const logs = await db.selectFrom('witnessed_heads').select(['log', 'size', 'time', 'witnessed_at']).orderBy('log').execute();
  const alarms = await db.selectFrom('witness_alarms').select(['log', 'at', 'kind', 'detail', 'witnessed_size', 'head_size']).orderBy('seq', 'desc').limit(200).execute();
  return {
    logs: logs.map((l) => ({ log: l.log, size: l.size, time: l.time, witnessedAt: l.witnessed_at })),
    alarms: alarms.map((a) => ({ log: a.log, at: a.at, kind: a.kind, detail: a.detail, witnessedSize: a.witnessed_size, headSize: a.head_size })),
  };
}
