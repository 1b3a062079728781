import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { migrate, openDatabase } from '@mou-hub/db';
import { migrations } from './migrations.ts';
import type { AgencyDatabase } from './schema.ts';

/** For tests: a migrated agency database in a fresh temp file (real SQLite, WAL). */
export async function openTestDatabase(): Promise<{ db: Kysely<AgencyDatabase>; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mou-agency-db-'));
  const { db, close } = openDatabase<AgencyDatabase>(join(dir, 'agency.db'));
  await migrate(db, migrations);
  return {
    db,
    async close() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
