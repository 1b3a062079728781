import { Hono } from 'hono';
import { bodySchemas, MessageId } from '@mou-hub/protocol';
import { requireSession } from '@mou-hub/service-kit';
import * as v from 'valibot';
import { listCaseAttachments } from '../../attachments/list.ts';
import { recordAccess } from '../../access-log/access-store.ts';
import { findCase, type CaseRow } from '../case-store.ts';
import { caseView } from '../case-view.ts';
import type { AppDeps } from '../../http/deps.ts';
import { openActions, takeAction } from '../case-actions.ts';
import { ACCESS } from '../../http/access.ts';
import { BodyInputs, bodyFields, readBodyForm } from './body-form.tsx';
import { Attachments, Deadlines, Persons, Timeline, type CaseViewData } from './case-sections.tsx';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert, type FieldErrors } from '../../console/forms.tsx';
import { LANGS } from '../../console/i18n/index.ts';
import { Csrf } from '../../console/layout.tsx';
import { wordRefusal } from '../../console/refusals.ts';
import { afterPost, page } from '../../console/render.tsx';

/** What a refused action form shows again: the values typed, the errors, which form. */
interface Refused {
  action: string;
  values: Record<string, unknown>;
  errors: FieldErrors;
  alert: string;
}

function ActionForm({ pc, view, action, refused }: { pc: PageContext; view: CaseViewData; action: { name: string; type: string }; refused?: Refused | undefined }) {
  const { t } = pc;
  const schema = bodySchemas[action.type as keyof typeof bodySchemas];
  const mine = refused?.action === action.name ? refused : undefined;
  const lang = typeof mine?.values['lang'] === 'string' ? mine.values['lang'] : pc.lang;
  return (
    <details open={mine !== undefined} class="action">
      <summary>{t(`type.${action.type}`, { defaultValue: action.type })}</summary>
      <form method="post" action={`/cases/${view.id}/actions/${action.name}`} class="stack" data-action={action.name}>
        <Alert text={mine?.alert} />
        <Csrf pc={pc} />
        <label for={`${action.name}-lang`}>
          {t('newCase.language')}
          <select id={`${action.name}-lang`} name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === lang}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <BodyInputs t={t} fields={bodyFields(schema)} values={mine?.values} errors={mine?.errors} prefix={action.name} />
        <button type="submit">{t('case.send')}</button>
      </form>
    </details>
  );
}

function CasePage({ pc, view, refused }: { pc: PageContext; view: CaseViewData; refused?: Refused | undefined }) {
  const { t } = pc;
  const actions = [...view.actions, ...view.anytimeActions];
  return (
    <>
      <p>
        <span class="badge state" data-state={view.state}>
          {t(`state.${view.state}`, { defaultValue: view.state })}
        </span>{' '}
        {t(`kind.${view.kind}`)} · {t('cases.counterpart')}: {view.counterpart} · {t('cases.opened')}: {pc.dateTime(view.openedAt)}
      </p>
      <section aria-labelledby="actions">
        <h2 id="actions">{t('case.actions')}</h2>
        {actions.length === 0 ? <p>{t('case.noActions')}</p> : actions.map((a) => <ActionForm pc={pc} view={view} action={a} refused={refused} />)}
      </section>
      <Timeline pc={pc} view={view} />
      <Persons pc={pc} view={view} />
      <Deadlines pc={pc} view={view} />
      <Attachments pc={pc} view={view} />
    </>
  );
}

const Params = v.object({ id: MessageId });

/** `GET /cases/:id` (the case id of the API) and `POST /cases/:id/actions/:name` (a form per action the workflow allows now). */
export function casePages(deps: AppDeps) {
  const officer = requireSession(deps.tokens, ACCESS.cases);
  const load = async (id: string): Promise<CaseRow | undefined> => (v.is(Params, { id }) ? findCase(deps.db, id) : undefined);
  const show = async (c: Parameters<typeof pageContext>[0], row: CaseRow, refused?: Refused, status: 200 | 400 | 403 | 404 | 409 | 413 = 200) => {
    const pc = pageContext(c, deps.agency);
    const now = new Date();
    await recordAccess(deps.db, [{ at: now.toISOString(), user: c.get('user').sub, case: row.id, what: 'case' }]);
    const view = await caseView(deps, row, now, (id) => listCaseAttachments(deps.db, id));
    return page(c, pc, pc.t('case.title', { id: row.id.slice(-12) }), <CasePage pc={pc} view={view} refused={refused} />, status);
  };

  return new Hono<{ Variables: PageVariables }>()
    .get('/:id', officer, async (c) => {
      const row = await load(c.req.param('id'));
      if (!row) return c.notFound();
      return show(c, row);
    })
    .post('/:id/actions/:name', officer, async (c) => {
      const row = await load(c.req.param('id'));
      if (!row) return c.notFound();
      const { t } = pageContext(c, deps.agency);
      const name = c.req.param('name');
      const action = openActions(row).find((a) => a.name === name);
      const form = await c.req.parseBody();
      const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== '_csrf'));
      if (!action) return show(c, row, { action: name, values, errors: {}, alert: t('refusal.step-not-allowed', { state: t(`state.${row.state}`) }) }, 409);
      const fields = bodyFields(bodySchemas[action.type as keyof typeof bodySchemas]);
      const { body, unreadable } = readBodyForm(fields, form);
      if (unreadable.length > 0) {
        const errors = Object.fromEntries(unreadable.map((f) => [f, t('field.invalid', { kind: 'json' })]));
        return show(c, row, { action: name, values, errors, alert: t('error.invalid-request') }, 400);
      }
      const lang = typeof form['lang'] === 'string' ? form['lang'] : pageContext(c, deps.agency).lang;
      try {
        await takeAction(deps, row.id, { name, lang, body, user: c.get('user').sub });
      } catch (err) {
        const r = wordRefusal(t, err);
        return show(c, row, { action: name, values, errors: r.fields, alert: r.alert }, r.status);
      }
      return afterPost(c, `/cases/${row.id}`);
    });
}
