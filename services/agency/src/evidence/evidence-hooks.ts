import { envelopeEntry, parseEntry, unverifiedPayload } from '@mou-hub/evidence';
import type { Kysely, Transaction } from 'kysely';
import { appendEvidence, evidenceDb } from './evidence-store.ts';
import { evidenceLogOn } from './evidence-mode.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any> | Transaction<any>;

/**
 * Logs an envelope, receipt or problem the node committed, in the committing transaction.
 * `sent`: the exact JWS stored before its first publish; `received`: the exact JWS verified.
 * `known` (the envelope's type and thread, when the caller has them) spares reading the payload.
 * Nothing when the log is off (a benchmark's measurement only: `evidence-mode.ts`).
 */
export function logEnvelope(
  trx: AnyDb, jws: string, direction: 'sent' | 'received', at: Date, known?: { type: string; thid: string },
): Promise<void> {
  if (!evidenceLogOn()) return Promise.resolve();
  // The payload read once for both, when the caller does not know them.
  const k = known ?? fromPayload(unverifiedPayload(jws));
  return appendEvidence(trx, envelopeEntry(jws, direction, at, k?.type), k?.thid);
}

/**
 * Logs a directory version the node took, unless the log already holds it or a later one
 * (the follower announces the held version again at each start).
 */
export async function logDirectory(db: Kysely<any>, update: { version: number; jws: string }, at: Date): Promise<void> {
  if (!evidenceLogOn()) return;
  await db.transaction().execute(async (trx) => {
    const last = await evidenceDb(trx).selectFrom('evidence_entries').select('entry').where('kind', '=', 'directory').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const parsed = last ? parseEntry(last.entry) : undefined;
    const version = parsed?.ok && parsed.entry.kind === 'directory' ? parsed.entry.version : 0;
    if (update.version <= version) return;
    await appendEvidence(trx, { v: 1, kind: 'directory', at: at.toISOString(), version: update.version, jws: update.jws });
  });
}

const fromPayload = (p: Record<string, unknown>): { type: string; thid: string } | undefined =>
  typeof p['type'] === 'string' && typeof p['thid'] === 'string' ? { type: p['type'], thid: p['thid'] } : undefined;
