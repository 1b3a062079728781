import type { Context } from 'hono';
import type { HttpError } from '@mou-hub/service-kit';
import { pageContext, type PageVariables } from './context.ts';
import { page } from './render.tsx';

/**
 * The page a browser gets for an error outside `/api/`: the code worded in the reader's
 * language (never the English message, which may name internals), and a way on.
 */
export function errorPage(agency: string) {
  return (c: Context, e: HttpError): Promise<Response> => {
    const pc = pageContext(c as Context<{ Variables: PageVariables }>, agency);
    const { t } = pc;
    const text = t(`error.${e.code}`, { defaultValue: t('error.unknown', { code: e.code }) });
    return page(c, pc, t('error.title'), (
      <>
        <p class="alert" role="alert">
          {text}
        </p>
        <p>{e.status === 401 ? <a href={`/login?next=${encodeURIComponent(pc.path)}`}>{t('login.title')}</a> : <a href="/">{t('common.back')}</a>}</p>
      </>
    ), e.status);
  };
}
