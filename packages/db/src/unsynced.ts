import { sql, type Kysely, type Transaction } from 'kysely';

/**
 * Runs `write` in a transaction whose commit does not wait for an fsync (`synchronous=NORMAL`
 * for that commit only; the connection's own level is put back after it, even when `write`
 * throws). The commit is atomic and survives a crash of the process; only a power cut or a
 * crash of the machine before the next fsynced commit (or checkpoint) can take it back, and a
 * WAL database is never corrupted by that. Under `synchronous=FULL` each commit costs an fsync
 * of the WAL, some 3 ms here, during which better-sqlite3 holds the event loop.
 *
 * Only for writes whose loss is repaired by doing the work again: the outbox relay's record
 * that the stream acked a message (lost, the message is published again with the same bytes
 * and the same `Nats-Msg-Id`, and the recipient's inbox keeps it once). Never for a write that
 * something outside the database is told about after it commits (an HTTP 202, a stream ack).
 *
 * Holds kysely's single connection for its duration, so no other statement runs at the
 * relaxed level. Needs WAL (`openDatabase` sets it): in rollback-journal mode NORMAL can
 * corrupt the file on power loss.
 */
export async function commitWithoutFsync<DB, T>(db: Kysely<DB>, write: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const level = (await sql<{ synchronous: number }>`pragma synchronous`.execute(conn)).rows[0]?.synchronous;
    // 0 OFF, 1 NORMAL: nothing to relax (and nothing to put back).
    if (level === undefined || level <= 1) return conn.transaction().execute(write);
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(write);
    } finally {
      await sql.raw(`pragma synchronous = ${level}`).execute(conn);
    }
  });
}
