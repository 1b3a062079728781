import type { Generated } from 'kysely';

/** A case role asked for by an administrator, waiting for a supervisor (issue 17: separation of duties). */
export interface RoleGrantTable {
  id: Generated<number>;
  /** The officer who would get the roles. */
  username: string;
  /** The roles asked for, as a JSON array. */
  roles: string;
  requested_by: string;
  requested_at: string;
  /** `pending`, `approved` or `refused`. */
  status: RoleGrantStatus;
  decided_by: string | null;
  decided_at: string | null;
}

/** Where a grant stands. */
export type RoleGrantStatus = 'pending' | 'approved' | 'refused';

/** The tables of role grants. */
export interface RoleGrantTables {
  role_grants: RoleGrantTable;
}
