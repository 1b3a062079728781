import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * The handle kysely's `SqliteDialect` uses, with prepared statements kept by SQL text (the
 * least recently used dropped past `max`). Why: kysely prepares every query again, and a node
 * under load spent about 7-9 % of its CPU in better-sqlite3's `prepare` for the same few dozen
 * statements. Reuse is safe here: kysely runs one query at a time on its single connection,
 * and SQLite re-prepares a statement by itself after a schema change.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql); // re-inserted below: the Map's order is the recency order
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
