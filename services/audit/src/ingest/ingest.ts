import { parseMessageSubject, type Delivery, type DeliveryHandler } from '@mou-hub/bus';
import { isBusinessType, verifyOnly, type Directory } from '@mou-hub/protocol';
import type { Logger } from '@mou-hub/service-kit';
import { sql, type Kysely } from 'kysely';
import { envelopeRow } from '../domain/metadata.ts';
import { insertEnvelope, threadOf } from '../store/envelopes.ts';
import type { AuditDb } from '../store/schema.ts';
import { refreshCase } from './refresh-case.ts';

/** What ingesting needs. */
export interface IngestDeps {
  db: Kysely<AuditDb>;
  /** The current verified directory. */
  directory: () => Directory;
  /** `created` farther than this from the stream time is flagged. */
  skewLimitMs: number;
  log: Logger;
  now?: () => Date;
}

/**
 * Records one message the stream carried: verifies it (checks 1-9, nothing decrypted), keeps
 * its metadata once per stream sequence, then recomputes the case it belongs to. Answers
 * whether it was new (a redelivery is not).
 *
 * @example
 * await ingest(deps, { data, subject, streamSeq: 7, streamTime });
 */
export async function ingest(deps: IngestDeps, d: Pick<Delivery, 'data' | 'subject' | 'streamSeq' | 'streamTime'>): Promise<boolean> {
  const directory = deps.directory();
  const subject = parseMessageSubject(d.subject);
  const verified = await verifyOnly(d.data, { directory, subject, at: d.streamTime });
  const row = envelopeRow(verified, { streamSeq: d.streamSeq, streamTime: d.streamTime, subject }, deps.skewLimitMs);
  // One transaction (one fsync) per envelope: its row, then its case recomputed inside a
  // savepoint. A case the machines cannot follow (a bug, a step the workflow refuses) is rolled
  // back to the savepoint and logged: the evidence is kept and never holds up the stream.
  return deps.db.transaction().execute(async (trx) => {
    if (!(await insertEnvelope(trx, row))) return false;
    if (row.check_code !== null || !row.id || !row.type) return true;
    const thid = isBusinessType(row.type) ? row.thid : row.for_id ? await threadOf(trx, row.for_id) : undefined;
    if (!thid) return true;
    await sql`savepoint refresh_case`.execute(trx);
    try {
      await refreshCase(trx, thid, directory, deps.now?.() ?? new Date());
      await sql`release refresh_case`.execute(trx);
    } catch (error) {
      await sql`rollback to refresh_case`.execute(trx);
      await sql`release refresh_case`.execute(trx);
      deps.log.error({ seq: d.streamSeq, err: error instanceof Error ? error.message : String(error) }, 'case clocks not updated');
    }
    return true;
  });
}

/**
 * The `audit` consumer's handler: ingest, then ack. A failure (the database) naks for a
 * retry; nothing is logged from the message but its sequence, type and check code.
 */
export function auditHandler(deps: IngestDeps): DeliveryHandler {
  return async (d) => {
    const fresh = await ingest(deps, d);
    deps.log.debug({ seq: d.streamSeq, fresh }, 'envelope recorded');
    return 'ack';
  };
}
