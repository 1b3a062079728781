import { ROLE, hasRole, type Role } from '@mou-hub/service-kit';

/**
 * Who may open each console page (and post its forms): the one table the pages, the navigation
 * and the role × route matrix test read. A role not listed gets 403.
 */
export const PAGE_ROLES = {
  cases: [ROLE.liaisonOfficer, ROLE.embassyDesk, ROLE.supervisor],
  newCase: [ROLE.liaisonOfficer, ROLE.embassyDesk],
  translations: [ROLE.translator, ROLE.supervisor],
  accessLog: [ROLE.supervisor],
  quarantine: [ROLE.administrator, ROLE.supervisor],
  users: [ROLE.administrator],
} as const satisfies Record<string, readonly Role[]>;

/** A console page's key in {@link PAGE_ROLES}. */
export type PageKey = keyof typeof PAGE_ROLES;

/** The navigation, in order: where each page lives and its label's key. */
export const NAV: readonly { key: PageKey; href: string; label: string }[] = [
  { key: 'cases', href: '/cases', label: 'nav.cases' },
  { key: 'newCase', href: '/cases/new', label: 'nav.newCase' },
  { key: 'translations', href: '/translations', label: 'nav.translations' },
  { key: 'accessLog', href: '/access-log', label: 'nav.accessLog' },
  { key: 'quarantine', href: '/quarantine', label: 'nav.quarantine' },
  { key: 'users', href: '/admin/users', label: 'nav.users' },
];

/** The pages a user with these roles may open, in navigation order. */
export function pagesFor(roles: readonly string[]): typeof NAV {
  return NAV.filter((p) => hasRole(roles, PAGE_ROLES[p.key]));
}
