import type { Kysely } from 'kysely';
import type { AgencyDatabase } from './schema.ts';

/** An officer as stored: the password only as an scrypt hash. */
export interface StoredUser {
  username: string;
  passwordHash: string;
  roles: string[];
  displayName?: string | undefined;
}

/** Creates or replaces users (from the node's config at start). */
export async function upsertUsers(db: Kysely<AgencyDatabase>, users: readonly StoredUser[]): Promise<void> {
  for (const u of users) {
    const row = { username: u.username, password_hash: u.passwordHash, roles: JSON.stringify(u.roles), display_name: u.displayName ?? null };
    await db
      .insertInto('users')
      .values(row)
      .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash: row.password_hash, roles: row.roles, display_name: row.display_name }))
      .execute();
  }
}

/** The officer with this username, if any. */
export async function findUser(db: Kysely<AgencyDatabase>, username: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) return undefined;
  return { username: row.username, passwordHash: row.password_hash, roles: JSON.parse(row.roles) as string[], displayName: row.display_name ?? undefined };
}
