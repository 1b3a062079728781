import type { Kysely } from 'kysely';
import type { DirectoryDb, VersionRow } from './schema.ts';

/** A version as listed: everything but the JWS. */
export type VersionSummary = Omit<VersionRow, 'jws'>;

/** Queries on the version history. */
export interface VersionStore {
  /** The highest version, if any. */
  latest(): Promise<VersionRow | undefined>;
  /** One version. */
  get(version: number): Promise<VersionRow | undefined>;
  /** Every version, newest first, without JWS. */
  list(limit?: number): Promise<VersionSummary[]>;
  /**
   * Records a version; one already recorded is left as it is (returns false), unless
   * `authoritative` (the process that made it) sets its summary and author.
   */
  record(row: VersionRow, authoritative?: boolean): Promise<boolean>;
}

const SUMMARY_COLUMNS = ['version', 'hash', 'issued', 'summary', 'changed_by'] as const;

/**
 * The version history in SQLite.
 *
 * @example
 * const versions = versionStore(db);
 * await versions.record({ version: 2, jws, hash, issued, summary: 'add agency vn-mps', changed_by: 'admin' });
 */
export function versionStore(db: Kysely<DirectoryDb>): VersionStore {
  return {
    latest: () => db.selectFrom('directory_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst(),
    get: (version) => db.selectFrom('directory_versions').selectAll().where('version', '=', version).executeTakeFirst(),
    list: (limit = 1000) =>
      db.selectFrom('directory_versions').select(SUMMARY_COLUMNS).orderBy('version', 'desc').limit(limit).execute(),
    async record(row, authoritative = false) {
      const r = await db
        .insertInto('directory_versions')
        .values(row)
        .onConflict((oc) =>
          authoritative
            ? oc.column('version').doUpdateSet({ summary: row.summary, changed_by: row.changed_by }).where('hash', '=', row.hash)
            : oc.column('version').doNothing(),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
