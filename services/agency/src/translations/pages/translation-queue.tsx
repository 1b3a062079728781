import { Hono } from 'hono';
import { MessageId } from '@mou-hub/protocol';
import { requireSession } from '@mou-hub/service-kit';
import { agencyName, languageName } from '@mou-hub/web-kit';
import { advanceTranslation, TRANSLATION_ACTIONS, type TranslationAction } from '@mou-hub/workflows';
import * as v from 'valibot';
import { recordAccess } from '../../access-log/access-store.ts';
import { actOnTranslation } from '../translation-service.ts';
import { translationDetail, type TranslationDetail } from '../translation-detail.ts';
import { listTranslationJobs } from '../translation-store.ts';
import { ACTION_NEEDS } from '../http/translation-schemas.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert } from '../../console/forms.tsx';
import { Csrf } from '../../console/layout.tsx';
import { MessageBody } from '../../console/message-body.tsx';
import { afterPost, page } from '../../console/render.tsx';

/** The document a job translates, in words: its message type, or "an attached file". */
function documentLabel(pc: PageContext, type: string | null | undefined): string {
  return type ? pc.t(`type.${type}`, { defaultValue: pc.t('translations.document') }) : pc.t('translations.attachment');
}

/** The job list: by case reference, document and language names, oldest first. */
async function queue(deps: AppDeps, pc: PageContext) {
  const { t } = pc;
  const { items } = await listTranslationJobs(deps.db, { heldBy: deps.agency, limit: 100, offset: 0 });
  if (items.length === 0) return <p>{t('translations.empty')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('cases.id')}</th>
          <th scope="col">{t('translations.document')}</th>
          <th scope="col">{t('translations.from')}</th>
          <th scope="col">{t('translations.to')}</th>
          <th scope="col">{t('translations.status')}</th>
          <th scope="col">{t('translations.due')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((j) => (
          <tr data-job={j.id} data-status={j.status}>
            <td>{j.caseRef ?? t('case.noRef')}</td>
            <td>
              <a href={`/translations/${j.id}`}>{documentLabel(pc, j.document_kind === 'message' ? j.documentType : null)}</a>
            </td>
            <td>{languageName(t, j.source_lang, pc.lang)}</td>
            <td>{languageName(t, j.target_lang, pc.lang)}</td>
            <td>{t(`translationStatus.${j.status}`)}</td>
            <td>{pc.dateTime(j.due)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One action's form: a button, and the text it needs (the translation, a note, a reason). */
function ActionForm({ pc, id, action, draft }: { pc: PageContext; id: string; action: TranslationAction; draft?: string | undefined }) {
  const { t } = pc;
  const needs = ACTION_NEEDS[action];
  return (
    <form method="post" action={`/translations/${id}/${action}`} class="stack" data-action={action}>
      <Csrf pc={pc} />
      {needs ? (
        <label for={`${action}-${needs}`}>
          {t(`translations.field.${needs}`)}
          <textarea id={`${action}-${needs}`} name={needs} rows={needs === 'text' ? 10 : 3} required>
            {needs === 'text' ? (draft ?? '') : ''}
          </textarea>
        </label>
      ) : null}
      <button type="submit">{t(`translations.action.${action}`)}</button>
    </form>
  );
}

/** The job: the original beside the latest translation, what this translator may do now, the history. */
function JobPage({ pc, d, alert, agency }: { pc: PageContext; d: TranslationDetail; alert?: string | undefined; agency: (id: string) => string }) {
  const { t } = pc;
  const { job } = d;
  const latest = d.versions[d.versions.length - 1];
  const user = pc.user;
  const open = user
    ? TRANSLATION_ACTIONS.filter((a) => advanceTranslation({ status: job.status, translator: job.translator ?? undefined, reviewer: job.reviewer ?? undefined }, a, { id: user.sub, roles: user.roles }).ok)
    : [];
  return (
    <>
      <p>
        <span class="badge state" data-status={job.status}>
          {t(`translationStatus.${job.status}`)}
        </span>{' '}
        {d.caseRef ?? t('case.noRef')} · {languageName(t, job.source_lang, pc.lang)} → {languageName(t, job.target_lang, pc.lang)}
        {job.translator ? ` · ${t('bodyField.translator')}: ${job.translator}` : ''}
        {job.reviewer ? ` · ${t('bodyField.reviewer')}: ${job.reviewer}` : ''}
      </p>
      <Alert text={alert} />
      <div class="side-by-side">
        <section aria-labelledby="original">
          <h2 id="original">{t('translations.original', { lang: languageName(t, job.source_lang, pc.lang) })}</h2>
          {d.original ? <MessageBody pc={pc} body={d.original.body} lang={d.original.lang} agency={agency} /> : <p>{t('translations.attachment')}</p>}
        </section>
        <section aria-labelledby="translation">
          <h2 id="translation">{t('translations.translation', { lang: languageName(t, job.target_lang, pc.lang) })}</h2>
          {latest?.text ? (
            <p lang={job.target_lang} class="translation">
              {latest.text}
            </p>
          ) : (
            <p class="muted">{t('translations.noVersion')}</p>
          )}
        </section>
      </div>
      <section aria-labelledby="work">
        <h2 id="work">{t('case.actions')}</h2>
        {open.length === 0 ? <p>{t('translations.nothingNow')}</p> : open.map((a) => <ActionForm pc={pc} id={job.id} action={a} draft={latest?.text ?? undefined} />)}
      </section>
      <section aria-labelledby="history">
        <h2 id="history">{t('translations.history')}</h2>
        <ol class="timeline">
          {d.history.map((h) => (
            <li data-status={h.status}>
              <strong>{t(`translationStatus.${h.status}`)}</strong> <span class="muted">{pc.dateTime(h.at)}{h.actor ? ` · ${h.actor}` : ''}</span>
              {h.note ? <p>{h.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const Params = v.object({ id: MessageId, action: v.optional(v.picklist(TRANSLATION_ACTIONS)) });

/**
 * `GET /translations`: the job list; `GET /translations/:id`: one job, its original beside its
 * translation; `POST /translations/:id/:action`: claim, submit, return, approve, machine-draft,
 * not-needed, through the same use case as the API (`actOnTranslation`).
 */
export function translationQueuePage(deps: AppDeps) {
  const work = requireSession(deps.tokens, ACCESS.translationWork);
  const show = async (c: Parameters<typeof pageContext>[0], id: string, alert?: string, status: 200 | 400 | 403 | 404 | 409 = 200) => {
    const pc = pageContext(c, deps.agency);
    const d = await translationDetail(deps, id);
    if (!d) return c.notFound();
    await recordAccess(deps.db, [{ at: new Date().toISOString(), user: c.get('user').sub, case: d.job.thid, what: `translation:${id}` }]);
    const title = `${pc.t('translations.jobTitle', { document: documentLabel(pc, d.original?.type) })}${d.caseRef ? ` · ${d.caseRef}` : ''}`;
    const directory = deps.directory().snapshot;
    return page(c, pc, title, <JobPage pc={pc} d={d} alert={alert} agency={(id) => agencyName(directory, id, pc.lang)} />, status);
  };
  return new Hono<{ Variables: PageVariables }>()
    .get('/', requireSession(deps.tokens, ACCESS.translationQueue), async (c) => {
      const pc = pageContext(c, deps.agency);
      return page(c, pc, pc.t('translations.title'), await queue(deps, pc));
    })
    .get('/:id', work, async (c) => {
      const id = c.req.param('id');
      return v.is(Params, { id }) ? show(c, id) : c.notFound();
    })
    .post('/:id/:action', work, async (c) => {
      const params = v.safeParse(Params, { id: c.req.param('id'), action: c.req.param('action') });
      if (!params.success || !params.output.action) return c.notFound();
      const { id, action } = params.output as { id: string; action: TranslationAction };
      const { t } = pageContext(c, deps.agency);
      const form = await c.req.parseBody();
      const text = (name: string) => (typeof form[name] === 'string' && (form[name] as string).trim() ? (form[name] as string) : undefined);
      const needs = ACTION_NEEDS[action];
      if (needs && !text(needs)) return show(c, id, t('translations.needs', { field: t(`translations.field.${needs}`) }), 400);
      const user = c.get('user');
      const r = await actOnTranslation(deps, id, action, { username: user.sub, roles: user.roles }, { text: text('text'), note: text('note'), reason: text('reason') });
      if (!r.ok) {
        const { code } = r.refusal;
        return show(c, id, t(`translationRefusal.${code}`), code === 'not-found' ? 404 : code === 'missing-role' || code === 'own-translation' ? 403 : 409);
      }
      deps.wakeRelay();
      deps.log.info({ translationJob: id, action, status: r.job.status, user: user.sub }, 'translation changed');
      return afterPost(c, `/translations/${id}`);
    });
}
