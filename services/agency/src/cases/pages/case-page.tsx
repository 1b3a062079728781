import { Hono } from 'hono';
import { bodySchemas, MessageId } from '@mou-hub/protocol';
import { requireSession } from '@mou-hub/service-kit';
import { agencyName, agreementName, languageName } from '@mou-hub/web-kit';
import * as v from 'valibot';
import { recordAccess } from '../../access-log/access-store.ts';
import { findCase, type CaseRow } from '../case-store.ts';
import { caseView } from '../case-view.ts';
import type { AppDeps } from '../../http/deps.ts';
import { openActions, takeAction } from '../case-actions.ts';
import { ACCESS } from '../../http/access.ts';
import { BodyInputs, bodyFields, readBodyForm } from './body-form.tsx';
import { Attachments, Consent, Deadlines, Links, Persons, Timeline, type CaseViewData, type Names } from './case-sections.tsx';
import { PersonsLine } from './cases-list.tsx';
import { caseLines, type CaseLine } from '../case-summaries.ts';
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
      <summary>{t(`action.${action.name}`, { defaultValue: t(`type.${action.type}`, { defaultValue: action.name }) })}</summary>
      <form method="post" action={`/cases/${view.id}/actions/${action.name}`} class="stack" data-action={action.name}>
        <Alert text={mine?.alert} />
        <Csrf pc={pc} />
        <label for={`${action.name}-lang`}>
          {t('newCase.language')}
          <select id={`${action.name}-lang`} name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === lang}>
                {languageName(t, l, pc.lang)}
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

function CasePage({ pc, view, names, line, refused }: { pc: PageContext; view: CaseViewData; names: Names; line: CaseLine | undefined; refused?: Refused | undefined }) {
  const { t } = pc;
  const actions = [...view.actions, ...view.anytimeActions];
  return (
    <>
      <p class="case-persons">
        <PersonsLine pc={pc} line={line} />
      </p>
      <p>
        <span class="badge state" data-state={view.state}>
          {t(`state.${view.state}`, { defaultValue: view.state })}
        </span>{' '}
        {t(`kind.${view.kind}`)} · {t('cases.counterpart')}: {names.agency(view.counterpart)} · {t('newCase.agreement')}: {names.agreement(view.agreement)} ·{' '}
        {t('cases.opened')}: {pc.dateTime(view.openedAt)}
      </p>
      <Consent pc={pc} view={view} />
      <section aria-labelledby="actions">
        <h2 id="actions">{t('case.actions')}</h2>
        {actions.length === 0 ? <p>{t('case.noActions')}</p> : actions.map((a) => <ActionForm pc={pc} view={view} action={a} refused={refused} />)}
      </section>
      <Timeline pc={pc} view={view} names={names} />
      <Persons pc={pc} view={view} />
      <Deadlines pc={pc} view={view} names={names} />
      <Links pc={pc} view={view} names={names} />
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
    const view = await caseView(deps, row, now);
    const directory = deps.directory().snapshot;
    const names: Names = { agency: (id) => agencyName(directory, id, pc.lang), agreement: (id) => agreementName(pc.t, directory, id, pc.lang) };
    const line = (await caseLines(deps.db, deps.atRest, [row], now)).get(row.id);
    const title = pc.t('case.title', { id: row.ref ?? pc.t('case.noRef') });
    return page(c, pc, title, <CasePage pc={pc} view={view} names={names} line={line} refused={refused} />, status);
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
