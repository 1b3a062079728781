import type { Migration } from '@mou-hub/db';

/** One published version of the signed directory. */
export interface VersionRow {
  /** Snapshot version, 1, 2, 3… */
  version: number;
  /** The signed snapshot, compact JWS, exactly as published to KV. */
  jws: string;
  /** `sha256:<base64url>` of the JWS. */
  hash: string;
  /** The snapshot's `issued`. */
  issued: string;
  /** One line: what changed (`add key th-msdhs#sig-2026b …`). */
  summary: string;
  /** Administrator who made the change, or `seed` / `kv` for versions this process did not make. */
  changed_by: string;
}

/** The directory service's SQLite schema. */
export interface DirectoryDb {
  directory_versions: VersionRow;
}

/** Schema steps, in order; names never change once shipped. */
export const migrations: readonly Migration[] = [
  {
    name: '0001-directory-versions',
    up: (db) =>
      db.schema
        .createTable('directory_versions')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('jws', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('issued', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .execute(),
  },
];
