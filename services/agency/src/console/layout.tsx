import type { Frame, PageContext } from '@mou-hub/web-kit';
import { pagesFor } from '../http/access.ts';

// The frame itself is `@mou-hub/web-kit`'s, shared with the audit dashboard.
export { Csrf } from '@mou-hub/web-kit';

/** The console's frame: the agency's name, the pages the reader's roles may open, `/logout`. */
export function consoleFrame(pc: PageContext): Frame {
  return {
    brand: pc.t('app.name'),
    subtitle: pc.agencyName,
    nav: pc.user ? pagesFor(pc.user.roles).map((p) => ({ href: p.href, label: pc.t(p.label) })) : [],
    logoutAction: '/logout',
  };
}
