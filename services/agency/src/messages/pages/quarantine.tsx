import { Hono } from 'hono';
import { requireSession } from '@mou-hub/service-kit';
import { listQuarantine } from '../quarantine-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageVariables } from '../../console/context.ts';
import { page } from '../../console/render.tsx';

/** `/quarantine`: what failed a check, newest first, by problem code; never the bytes. */
export function quarantinePages(deps: AppDeps) {
  return new Hono<{ Variables: PageVariables }>().get('/', requireSession(deps.tokens, ACCESS.quarantine), async (c) => {
    const pc = pageContext(c, deps.agency);
    const { t } = pc;
    const { items, total } = await listQuarantine(deps.db, { limit: 100, offset: 0 });
    return page(c, pc, t('quarantine.title'), (
      <>
        <p class="muted">{pc.number(total)}</p>
        {items.length === 0 ? (
          <p>{t('quarantine.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('quarantine.received')}</th>
                <th scope="col">{t('quarantine.code')}</th>
                <th scope="col">{t('quarantine.from')}</th>
                <th scope="col">{t('quarantine.verified')}</th>
                <th scope="col">{t('quarantine.size')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr>
                  <td>{pc.dateTime(q.received_at)}</td>
                  <td>
                    <span class="badge">{t(`problem.${q.code}`, { defaultValue: q.code })}</span> <code>{q.code}</code>
                  </td>
                  <td>{q.from_agency ?? '—'}</td>
                  <td>{t(q.verified === 1 ? 'common.yes' : 'common.no')}</td>
                  <td>{t('quarantine.bytes', { size: pc.number(q.size) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ));
  });
}
