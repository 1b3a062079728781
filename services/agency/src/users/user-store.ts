import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '@mou-hub/service-kit';
import { planUserSync, type ConfiguredUser, type UserSyncPlan } from './rules/user-sync.ts';
import type { AgencyDatabase } from '../platform/schema.ts';

/** An officer as stored: the password only as an scrypt hash. */
export interface StoredUser {
  username: string;
  passwordHash: string;
  roles: string[];
  displayName?: string | undefined;
}

/**
 * Makes the users table match the configuration in one transaction: new officers added,
 * changed ones updated (their tokens ended when the password or roles changed), officers no
 * longer listed disabled with every token ended. Answers what it did.
 */
export async function syncUsers(db: Kysely<AgencyDatabase>, configured: readonly ConfiguredUser[]): Promise<UserSyncPlan> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('users').select(['username', 'password_hash', 'roles', 'disabled', 'source']).execute();
    const plan = planUserSync(
      rows.map((r) => ({ username: r.username, passwordHash: r.password_hash, roles: JSON.parse(r.roles) as string[], disabled: r.disabled === 1, source: r.source })),
      configured,
    );
    for (const u of plan.add) {
      await trx
        .insertInto('users')
        .values({ username: u.username, password_hash: u.passwordHash, roles: JSON.stringify(u.roles), display_name: u.displayName ?? null })
        .execute();
    }
    for (const u of plan.update) {
      await trx
        .updateTable('users')
        .set({
          password_hash: u.passwordHash,
          roles: JSON.stringify(u.roles),
          display_name: u.displayName ?? null,
          disabled: 0,
          token_version: u.endSessions ? sql<number>`token_version + 1` : sql<number>`token_version`,
        })
        .where('username', '=', u.username)
        .execute();
    }
    if (plan.disable.length > 0) {
      await trx
        .updateTable('users')
        .set({ disabled: 1, token_version: sql<number>`token_version + 1` })
        .where('username', 'in', plan.disable)
        .execute();
    }
    return plan;
  });
}

/**
 * The configuration's officers with their scrypt hashes. A clear (development) password keeps
 * the stored hash when it still matches: a fresh salt each start would end every token.
 */
export async function configuredUsers(
  db: Kysely<AgencyDatabase>,
  officers: readonly { username: string; passwordHash?: string | undefined; password?: string | undefined; roles: string[]; displayName?: string | undefined }[],
): Promise<ConfiguredUser[]> {
  return Promise.all(
    officers.map(async (o) => {
      let passwordHash = o.passwordHash;
      if (!passwordHash) {
        const password = o.password ?? randomBytes(24).toString('base64url');
        const stored = await db.selectFrom('users').select('password_hash').where('username', '=', o.username).executeTakeFirst();
        passwordHash = stored && (await verifyPassword(password, stored.password_hash)) ? stored.password_hash : await hashPassword(password);
      }
      return { username: o.username, passwordHash, roles: o.roles, displayName: o.displayName };
    }),
  );
}

/** The enabled officer with this username, if any (a disabled one cannot log in). */
export async function findUser(db: Kysely<AgencyDatabase>, username: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).where('disabled', '=', 0).executeTakeFirst();
  if (!row) return undefined;
  return { username: row.username, passwordHash: row.password_hash, roles: JSON.parse(row.roles) as string[], displayName: row.display_name ?? undefined };
}

/** The token version an enabled officer's tokens must carry; undefined for a disabled or unknown one. */
export async function tokenVersion(db: Kysely<AgencyDatabase>, username: string): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('token_version').where('username', '=', username).where('disabled', '=', 0).executeTakeFirst();
  return row?.token_version;
}

/** Ends every token of the officer at once (logout, password change): their version moves on. */
export async function endSessions(db: Kysely<AgencyDatabase>, username: string): Promise<void> {
  await db.updateTable('users').set({ token_version: sql<number>`token_version + 1` }).where('username', '=', username).execute();
}

/**
 * Replaces an officer's hash by the same password hashed at today's cost, without ending any
 * session. Only if the hash is still the one checked (a password changed meanwhile wins), and
 * only for an officer the administrator owns: a configured hash would come back at the next
 * start and count as a new password (hash those again with `users` CLI or `mou`).
 */
export async function storeRehash(db: Kysely<AgencyDatabase>, username: string, checked: string, rehash: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ password_hash: rehash })
    .where('username', '=', username)
    .where('password_hash', '=', checked)
    .where('source', '=', 'console')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
