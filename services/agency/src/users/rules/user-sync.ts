/** An officer as the configuration lists them (password as an scrypt hash). */
export interface ConfiguredUser {
  username: string;
  passwordHash: string;
  roles: string[];
  displayName?: string | undefined;
}

/** An officer as the database holds them. */
export interface KnownUser {
  username: string;
  passwordHash: string;
  roles: string[];
  disabled: boolean;
  /** `console`: created or changed by the administrator, who owns them from then on. */
  source: 'config' | 'console';
}

/** What starting with a configuration does to the users table. */
export interface UserSyncPlan {
  /** New officers. */
  add: ConfiguredUser[];
  /** Officers kept; `endSessions` when their password or roles changed or they come back. */
  update: (ConfiguredUser & { endSessions: boolean })[];
  /** Officers no longer configured: disabled, every token ended. */
  disable: string[];
}

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Decides how the configured officers replace the stored ones. A token says who and with which
 * roles: a new password, other roles, or a removal must end every token issued before it.
 * Officers the administrator owns (created or changed in the console or the users CLI) are left
 * as they are, listed in the configuration or not: the administrator's word is the later one.
 * @example planUserSync(await knownUsers(db), config.officers) // { add, update, disable }
 */
export function planUserSync(known: readonly KnownUser[], configured: readonly ConfiguredUser[]): UserSyncPlan {
  const byName = new Map(known.map((u) => [u.username, u]));
  const listed = new Set(configured.map((u) => u.username));
  const plan: UserSyncPlan = { add: [], update: [], disable: [] };
  for (const u of configured) {
    const old = byName.get(u.username);
    if (old?.source === 'console') continue;
    if (!old) plan.add.push(u);
    else plan.update.push({ ...u, endSessions: old.disabled || old.passwordHash !== u.passwordHash || !sameRoles(old.roles, u.roles) });
  }
  for (const u of known) if (!listed.has(u.username) && !u.disabled && u.source === 'config') plan.disable.push(u.username);
  return plan;
}
