import { Hono } from 'hono';
import { requireSession } from '@mou-hub/service-kit';
import { listTranslationJobs } from '../translation-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageVariables } from '../../console/context.ts';
import { page } from '../../console/render.tsx';

/** `GET /translations`: the translator's queue, oldest first (the API's `/api/v1/translations` acts on a job). */
export function translationQueuePage(deps: AppDeps) {
  return new Hono<{ Variables: PageVariables }>().get('/', requireSession(deps.tokens, ACCESS.translationQueue), async (c) => {
    const pc = pageContext(c, deps.agency);
    const { t } = pc;
    const { items } = await listTranslationJobs(deps.db, { heldBy: deps.agency, limit: 100, offset: 0 });
    return page(c, pc, t('translations.title'), items.length === 0 ? <p>{t('translations.empty')}</p> : (
      <table>
        <thead>
          <tr>
            <th scope="col">{t('translations.document')}</th>
            <th scope="col">{t('translations.from')}</th>
            <th scope="col">{t('translations.to')}</th>
            <th scope="col">{t('translations.status')}</th>
            <th scope="col">{t('translations.due')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((j) => (
            <tr>
              <td>
                <a href={`/cases/${j.thid}`}>{j.document_id.slice(-12)}</a>
              </td>
              <td>{j.source_lang}</td>
              <td>{j.target_lang}</td>
              <td>{t(`translationStatus.${j.status}`)}</td>
              <td>{pc.dateTime(j.due)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ));
  });
}
