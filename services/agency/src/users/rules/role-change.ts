import { ROLE, type Role } from '@mou-hub/service-kit';

/**
 * The roles that open victims' personal data (cases, their messages and documents, the texts
 * translators work on). Granting one needs a supervisor's approval; taking one away does not.
 */
export const CASE_ROLES: readonly Role[] = [ROLE.liaisonOfficer, ROLE.embassyDesk, ROLE.translator, ROLE.supervisor];

const isCaseRole = (r: string) => (CASE_ROLES as readonly string[]).includes(r);

/** What a role change does now and what waits for a supervisor, or why it is refused. */
export type RoleChangePlan =
  | {
      ok: true;
      /** The officer's roles from now on: removals and roles outside {@link CASE_ROLES} take effect at once. */
      now: string[];
      /** Case roles asked for, granted only once a supervisor approves (empty: nothing waits). */
      pending: string[];
    }
  | { ok: false; code: 'own-roles' };

/**
 * Separation of duties for one role change (issue 17): nobody changes their own roles, and a
 * case role is never granted on one person's word; it waits for a supervisor.
 * @example planRoleChange({ actor: 'admin', target: 'somchai', current: ['translator'], wanted: ['translator', 'liaison-officer'] })
 * // { ok: true, now: ['translator'], pending: ['liaison-officer'] }
 */
export function planRoleChange(c: { actor: string; target: string; current: readonly string[]; wanted: readonly string[] }): RoleChangePlan {
  if (c.actor === c.target) return { ok: false, code: 'own-roles' };
  const added = c.wanted.filter((r) => !c.current.includes(r));
  const kept = c.current.filter((r) => c.wanted.includes(r));
  return { ok: true, now: [...kept, ...added.filter((r) => !isCaseRole(r))], pending: added.filter(isCaseRole) };
}

/** Why a supervisor may not decide a grant, or `undefined` if they may. */
export type GrantRefusal = 'own-roles' | 'own-request';

/**
 * Whether `decider` may approve or refuse a grant: not one for themself, not one they asked for.
 * @example mayDecideGrant('supervisor', { username: 'somchai', requestedBy: 'admin' }) // undefined
 */
export function mayDecideGrant(decider: string, grant: { username: string; requestedBy: string }): GrantRefusal | undefined {
  if (decider === grant.username) return 'own-roles';
  if (decider === grant.requestedBy) return 'own-request';
  return undefined;
}
