import { sql, type Kysely } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';

/** An officer as the administrator sees them: never the password hash. */
export interface UserSummary {
  username: string;
  roles: string[];
  displayName: string | null;
  disabled: boolean;
}

// Created or changed here, an officer is the administrator's: a start's sync leaves them alone.
const ADMINISTERED = 'console' as const;

/** Every officer of this node, by username. */
export async function listUsers(db: Kysely<AgencyDatabase>): Promise<UserSummary[]> {
  const rows = await db.selectFrom('users').select(['username', 'roles', 'display_name', 'disabled']).orderBy('username').execute();
  return rows.map((r) => ({ username: r.username, roles: JSON.parse(r.roles) as string[], displayName: r.display_name, disabled: r.disabled === 1 }));
}

/** Adds an officer; `false` when the username is taken (nothing changes then). */
export async function createUser(
  db: Kysely<AgencyDatabase>,
  u: { username: string; passwordHash: string; roles: readonly string[]; displayName?: string | undefined },
): Promise<boolean> {
  const r = await db
    .insertInto('users')
    .values({ username: u.username, password_hash: u.passwordHash, roles: JSON.stringify(u.roles), display_name: u.displayName ?? null, source: ADMINISTERED })
    .onConflict((oc) => oc.column('username').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

// Every change below ends the officer's sessions: a token names a password's holder and their roles.
const endSessions = sql<number>`token_version + 1`;

/** A new password; every session of the officer ends. `false`: no such officer. */
export async function setPassword(db: Kysely<AgencyDatabase>, username: string, passwordHash: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ password_hash: passwordHash, token_version: endSessions, source: ADMINISTERED }).where('username', '=', username).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** New roles; every session of the officer ends (their tokens carry the old roles). */
export async function setRoles(db: Kysely<AgencyDatabase>, username: string, roles: readonly string[]): Promise<boolean> {
  const r = await db.updateTable('users').set({ roles: JSON.stringify(roles), token_version: endSessions, source: ADMINISTERED }).where('username', '=', username).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Disables (every session ends) or enables an officer. */
export async function setDisabled(db: Kysely<AgencyDatabase>, username: string, disabled: boolean): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0, token_version: endSessions, source: ADMINISTERED })
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

