export { openDatabase } from './open-database.ts';
export type { Database, OpenDatabaseOptions } from './open-database.ts';
export { appliedMigrations, migrate, MigrationError } from './migrate.ts';
export type { Migration, MigrationErrorCode } from './migrate.ts';
export { GroupCommit, groupCommitFor } from './group-commit.ts';
export type { Write } from './group-commit.ts';
export { commitWithoutFsync } from './unsynced.ts';
