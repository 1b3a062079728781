import { ROLE, hasRole, type Role } from '@mou-hub/service-kit';

/**
 * Who may do what: the one table that the API routes, the console pages, the navigation and
 * the role tests read. A role not listed gets 403. Where the API and the console once differed,
 * the decision is written beside the row.
 */
export const ACCESS = {
  /** Read and work cases, their messages, threads, intakes and attachments. */
  cases: [ROLE.liaisonOfficer, ROLE.embassyDesk, ROLE.supervisor],
  /** Open a case. Supervisors too (API and console): one covers for an absent officer. */
  openCase: [ROLE.liaisonOfficer, ROLE.embassyDesk, ROLE.supervisor],
  /**
   * See the translation jobs. Liaison officers and the embassy desk too (API and console): they
   * follow their documents' translations; only translators and supervisors work on them.
   */
  translationQueue: [ROLE.translator, ROLE.supervisor, ROLE.liaisonOfficer, ROLE.embassyDesk],
  /** Read a job's source text, claim, translate, return, review. */
  translationWork: [ROLE.translator, ROLE.supervisor],
  /** Ask for a translation the language policy did not open. */
  requestTranslation: [ROLE.supervisor],
  /** Read who read which case's personal data. */
  accessLog: [ROLE.supervisor],
  /**
   * The refused messages. Liaison officers too (API and console): they chase the counterpart
   * whose message was refused.
   */
  quarantine: [ROLE.liaisonOfficer, ROLE.supervisor, ROLE.administrator],
  /** Officers' accounts and roles. */
  users: [ROLE.administrator],
  /** Approve or refuse a case role an administrator asked for (issue 17: separation of duties). */
  roleGrants: [ROLE.supervisor],
  /** Export a case's evidence bundle for a court, with the received bodies if asked (issue 19). */
  evidenceExport: [ROLE.supervisor],
} as const satisfies Record<string, readonly Role[]>;

/** A capability's key in {@link ACCESS}. */
export type AccessKey = keyof typeof ACCESS;

/** The navigation, in order: where each page lives and its label's key. */
export const NAV: readonly { key: AccessKey; href: string; label: string }[] = [
  { key: 'cases', href: '/cases', label: 'nav.cases' },
  { key: 'openCase', href: '/cases/new', label: 'nav.newCase' },
  { key: 'cases', href: '/intakes', label: 'nav.intakes' },
  { key: 'translationQueue', href: '/translations', label: 'nav.translations' },
  { key: 'accessLog', href: '/access-log', label: 'nav.accessLog' },
  { key: 'quarantine', href: '/quarantine', label: 'nav.quarantine' },
  { key: 'users', href: '/admin/users', label: 'nav.users' },
  { key: 'roleGrants', href: '/admin/grants', label: 'nav.roleGrants' },
];

/** The pages a user with these roles may open, in navigation order. */
export function pagesFor(roles: readonly string[]): typeof NAV {
  return NAV.filter((p) => hasRole(roles, ACCESS[p.key]));
}
