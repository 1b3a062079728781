import type { Kysely, Transaction } from 'kysely';
import { recordAccess } from '../access-log/access-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { createUser, setRoles } from './user-admin.ts';
import { mayDecideGrant, planRoleChange, type GrantRefusal } from './rules/role-change.ts';

type Db = Kysely<AgencyDatabase>;

/** A grant as a supervisor sees it. */
export interface RoleGrant {
  id: number;
  username: string;
  roles: string[];
  requestedBy: string;
  requestedAt: string;
}

/** What a role change did: the roles now, and the case roles waiting for a supervisor. */
export type RoleChangeResult = { ok: true; now: string[]; pending: string[] } | { ok: false; code: 'own-roles' | 'not-found' | 'user-exists' };

// Every role change is in the access log (issue 17), beside the reads of case data: who, when,
// whose roles, which. No case is involved, so the entry's case is empty.
const logRoles = (trx: Transaction<AgencyDatabase>, by: string, at: string, what: string, username: string, roles: readonly string[]) =>
  recordAccess(trx, [{ at, user: by, case: '', what: `${what}:${username}:${roles.join(',')}` }]);

async function requestGrant(trx: Transaction<AgencyDatabase>, username: string, roles: readonly string[], by: string, at: string): Promise<void> {
  if (roles.length === 0) return;
  await trx.insertInto('role_grants').values({ username, roles: JSON.stringify(roles), requested_by: by, requested_at: at, status: 'pending', decided_by: null, decided_at: null }).execute();
  await logRoles(trx, by, at, 'roles-requested', username, roles);
}

/**
 * Changes an officer's roles as `actor` (an administrator): refused for the actor's own
 * account; removals and roles that open no case data take effect at once (every token of the
 * officer ends), new case roles wait for a supervisor. Each step is access-logged.
 * @example await changeRoles(db, { actor: 'admin', target: 'somchai', wanted: ['liaison-officer'], at })
 */
export async function changeRoles(db: Db, c: { actor: string; target: string; wanted: readonly string[]; at: string }): Promise<RoleChangeResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').select('roles').where('username', '=', c.target).executeTakeFirst();
    if (!row) return { ok: false, code: 'not-found' } as const;
    const current = JSON.parse(row.roles) as string[];
    const plan = planRoleChange({ actor: c.actor, target: c.target, current, wanted: c.wanted });
    if (!plan.ok) return plan;
    const same = plan.now.length === current.length && plan.now.every((r) => current.includes(r));
    if (!same) {
      await setRoles(trx, c.target, plan.now);
      await logRoles(trx, c.actor, c.at, 'roles-set', c.target, plan.now);
    }
    await requestGrant(trx, c.target, plan.pending, c.actor, c.at);
    return { ok: true, now: plan.now, pending: plan.pending } as const;
  });
}

/**
 * Creates an officer as `actor`: with the roles that open no case data at once, the case roles
 * as a grant waiting for a supervisor. `user-exists` changes nothing.
 */
export async function createUserWithGrant(
  db: Db,
  c: { actor: string; at: string; user: { username: string; passwordHash: string; roles: readonly string[]; displayName?: string | undefined } },
): Promise<RoleChangeResult> {
  return db.transaction().execute(async (trx) => {
    const plan = planRoleChange({ actor: c.actor, target: c.user.username, current: [], wanted: c.user.roles });
    if (!plan.ok) return plan;
    if (!(await createUser(trx, { ...c.user, roles: plan.now }))) return { ok: false, code: 'user-exists' } as const;
    await logRoles(trx, c.actor, c.at, 'roles-set', c.user.username, plan.now);
    await requestGrant(trx, c.user.username, plan.pending, c.actor, c.at);
    return { ok: true, now: plan.now, pending: plan.pending } as const;
  });
}

/**
 * Sets an officer's roles at once, access-logged: the `users` CLI, the operator's path on the
 * node's machine (who could change the database anyway; it bootstraps the first officers).
 * `false`: no such officer.
 */
export async function setRolesLogged(db: Db, c: { actor: string; target: string; roles: readonly string[]; at: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await setRoles(trx, c.target, c.roles))) return false;
    await logRoles(trx, c.actor, c.at, 'roles-set', c.target, c.roles);
    return true;
  });
}

/** The grants waiting for a supervisor, oldest first. */
export async function pendingGrants(db: Db): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('role_grants').selectAll().where('status', '=', 'pending').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, username: r.username, roles: JSON.parse(r.roles) as string[], requestedBy: r.requested_by, requestedAt: r.requested_at }));
}

/** How a supervisor's decision went. */
export type GrantDecision = { ok: true; username: string; roles: string[] } | { ok: false; code: GrantRefusal | 'not-found' };

/**
 * A supervisor approves (the officer gets the roles; every token of theirs ends) or refuses a
 * pending grant; never one for themself or one they asked for. Access-logged either way.
 * @example await decideGrant(db, { id, by: 'sup', approve: true, at })
 */
export async function decideGrant(db: Db, d: { id: number; by: string; approve: boolean; at: string }): Promise<GrantDecision> {
  return db.transaction().execute(async (trx) => {
    const grant = await trx.selectFrom('role_grants').selectAll().where('id', '=', d.id).where('status', '=', 'pending').executeTakeFirst();
    if (!grant) return { ok: false, code: 'not-found' } as const;
    const refusal = mayDecideGrant(d.by, { username: grant.username, requestedBy: grant.requested_by });
    if (refusal) return { ok: false, code: refusal } as const;
    const roles = JSON.parse(grant.roles) as string[];
    if (d.approve) {
      const row = await trx.selectFrom('users').select('roles').where('username', '=', grant.username).executeTakeFirst();
      if (!row) return { ok: false, code: 'not-found' } as const;
      const current = JSON.parse(row.roles) as string[];
      await setRoles(trx, grant.username, [...current, ...roles.filter((r) => !current.includes(r))]);
    }
    await trx.updateTable('role_grants').set({ status: d.approve ? 'approved' : 'refused', decided_by: d.by, decided_at: d.at }).where('id', '=', d.id).execute();
    await logRoles(trx, d.by, d.at, d.approve ? 'roles-approved' : 'roles-refused', grant.username, roles);
    return { ok: true, username: grant.username, roles } as const;
  });
}
