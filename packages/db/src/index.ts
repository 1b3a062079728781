export { openDatabase } from './open-database.ts';
export type { Database, OpenDatabaseOptions } from './open-database.ts';
export { appliedMigrations, migrate, MigrationError } from './migrate.ts';
export type { Migration, MigrationErrorCode } from './migrate.ts';
