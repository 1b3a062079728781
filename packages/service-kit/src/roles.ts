/**
 * The roles an officer can hold, one list for every service (ISSUE 11): what each page and
 * route shows and allows is decided from these names only.
 * @example if (!user.roles.includes(ROLE.administrator)) throw new HttpError(403, 'forbidden', '…');
 */
export const ROLES = ['liaison-officer', 'embassy-desk', 'translator', 'supervisor', 'auditor', 'administrator'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** The roles by name, so code says `ROLE.supervisor` rather than a free string. */
export const ROLE = {
  liaisonOfficer: 'liaison-officer',
  embassyDesk: 'embassy-desk',
  translator: 'translator',
  supervisor: 'supervisor',
  auditor: 'auditor',
  administrator: 'administrator',
} as const satisfies Record<string, Role>;

/** Whether `name` is a known role. */
export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** Whether a user holding `held` may do what needs one of `needed` (no `needed`: any user). */
export function hasRole(held: readonly string[], needed?: readonly string[]): boolean {
  return !needed || needed.some((r) => held.includes(r));
}
