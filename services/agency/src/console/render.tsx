import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { page as kitPage, type PageContext } from '@mou-hub/web-kit';
import { consoleFrame } from './layout.tsx';

export { afterPost } from '@mou-hub/web-kit';

/**
 * Renders a console page in the console's frame (`@mou-hub/web-kit`'s `page`: fonts of the
 * scripts the page uses, the language switch, the pages' headers).
 * @example return page(c, pc, t('quarantine.title'), <QuarantineTable … />);
 */
export function page(c: Context, pc: PageContext, title: string, body: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  return kitPage(c, pc, title, body, consoleFrame(pc), status);
}
