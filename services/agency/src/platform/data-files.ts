import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Stable codes of {@link DataFilesError}. */
export type DataFilesErrorCode = 'database-exposed';

/** The node's data files are unsafe to use: it refuses to start. */
export class DataFilesError extends Error {
  override readonly name = 'DataFilesError';
  constructor(
    readonly code: DataFilesErrorCode,
    message: string,
    readonly params: { file: string; mode: string },
  ) {
    super(message);
  }
}

/** The files SQLite keeps for one database (WAL mode). */
export const databaseFiles = (database: string): string[] => [database, `${database}-wal`, `${database}-shm`];

/** True when a file mode lets anyone but the owner read or write (group or other bits). */
export const exposedMode = (mode: number): boolean => (mode & 0o077) !== 0;

/**
 * Prepares the database's folder and file before SQLite opens them: a missing folder is made
 * 0700 and a missing database file 0600 (SQLite gives its `-wal` and `-shm` the database's
 * mode). Refuses, with {@link DataFilesError} `database-exposed`, a database file (or its WAL or
 * shared memory) that group or others may read: decrypted metadata and sealed bodies stay private.
 * @example prepareDatabaseFiles(config.database); openDatabase(config.database);
 */
export function prepareDatabaseFiles(database: string): void {
  mkdirSync(dirname(database), { recursive: true, mode: 0o700 });
  if (!existsSync(database)) closeSync(openSync(database, 'a', 0o600));
  for (const file of databaseFiles(database)) {
    if (!existsSync(file)) continue;
    const mode = statSync(file).mode & 0o777;
    if (exposedMode(mode)) {
      throw new DataFilesError(
        'database-exposed',
        `${file} has mode ${mode.toString(8)}: other local users could read it. Refusing to start; run chmod 600 ${file} (and chmod 700 its folder)`,
        { file, mode: mode.toString(8) },
      );
    }
  }
}
