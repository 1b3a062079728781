import { parseMessageSubject, type Delivery, type DeliveryHandler } from '@mou-hub/bus';
import { isBusinessType, verifyOnly, type Directory } from '@mou-hub/protocol';
import type { Logger } from '@mou-hub/service-kit';
import { GroupCommit } from '@mou-hub/db';
import { sql, type Kysely, type Transaction } from 'kysely';
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
 * whether it was new (a redelivery is not). One transaction; the consumer's handler
 * ({@link auditHandler}) shares one among the envelopes of a burst.
 *
 * @example
 * await ingest(deps, { data, subject, streamSeq: 7, streamTime });
 */
export async function ingest(deps: IngestDeps, d: Pick<Delivery, 'data' | 'subject' | 'streamSeq' | 'streamTime'>): Promise<boolean> {
  const record = await verified(deps, d);
  return deps.db.transaction().execute((trx) => record(trx));
}

/** Verifies `d` (no database) and answers the write that records it. */
async function verified(deps: IngestDeps, d: Pick<Delivery, 'data' | 'subject' | 'streamSeq' | 'streamTime'>): Promise<(trx: Transaction<AuditDb>) => Promise<boolean>> {
  const directory = deps.directory();
  const subject = parseMessageSubject(d.subject);
  const checked = await verifyOnly(d.data, { directory, subject, at: d.streamTime });
  const row = envelopeRow(checked, { streamSeq: d.streamSeq, streamTime: d.streamTime, subject }, deps.skewLimitMs);
  // Its row, then its case recomputed inside a savepoint. A case the machines cannot follow (a
  // bug, a step the workflow refuses) is rolled back to the savepoint and logged: the evidence
  // is kept and never holds up the stream.
  return async (trx) => {
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
  };
}

/** Most envelopes in one transaction; the rest go in the next. */
const MAX_BATCH = 64;

/**
 * The `audit` consumer's handler, for `consumeDurable` with `inFlight` above 1 (8): envelopes
 * handed over together are verified side by side, then recorded in stream order in one
 * transaction (one fsync for the burst, not one each: with `synchronous=FULL` a commit took
 * 5 ms here, which capped the audit near 190 envelopes a second). Each is acked once its
 * transaction has committed. A failure (the database) naks for a retry; a write that fails
 * alone does not hold the others back (`GroupCommit`). Nothing is logged from the message but
 * its sequence, type and check code.
 */
export function auditHandler(deps: IngestDeps): DeliveryHandler {
  const commits = new GroupCommit(deps.db);
  let turn: Promise<void> = Promise.resolve();
  let waiting = 0;
  return (d) => {
    waiting++;
    const previous = turn;
    let release!: () => void;
    turn = new Promise<void>((resolve) => (release = resolve));
    const step = (async () => {
      try {
        const record = await verified(deps, d);
        await previous;
        let fresh = false;
        // Wrapped: resolving `step` with the commit's own promise would wait for it here.
        const committed = commits.add(async (trx) => void (fresh = await record(trx)), []).then(() => fresh);
        // Its rejection reaches the consumer below; this keeps Node from calling it unhandled first.
        committed.catch(() => undefined);
        return { committed };
      } finally {
        await previous;
        waiting--;
        if (waiting === 0 || commits.size >= MAX_BATCH) await commits.flush().catch(() => undefined);
        release();
      }
    })();
    return step.then(async ({ committed }) => {
      const fresh = await committed;
      deps.log.debug({ seq: d.streamSeq, fresh }, 'envelope recorded');
      return 'ack' as const;
    });
  };
}
