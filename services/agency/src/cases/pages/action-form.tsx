/**
 * The case page's action forms, one per action open to this side, each built from its body
 * schema for that action (see `rules/action-form.ts`), and the post that reads one back and
 * takes the action. The countersign repeats the host's records, filled in.
 */
import type { Context } from 'hono';
import { bodySchemas } from '@mou-hub/protocol';
import { ADD_ROW, describeBody, formValues, languageName, type FormNode, type PostedForm } from '@mou-hub/web-kit';
import type { CaseState, Side } from '@mou-hub/workflows';
import type { PageContext } from '../../console/context.ts';
import { Alert, type FieldErrors } from '../../console/forms.tsx';
import { LANGS } from '../../console/i18n/index.ts';
import { Csrf } from '../../console/layout.tsx';
import { wordRefusal } from '../../console/refusals.ts';
import type { AppDeps } from '../../http/deps.ts';
import { takeAction } from '../case-actions.ts';
import { caseFacts, type CaseRow } from '../case-store.ts';
import { planActionForm, recordsToCountersign, shadowedBy, type ThreadEntry } from '../rules/action-form.ts';
import { BodyForm, formSetting, officerName, readBody, withOptionalPersonRefs, type FormSetting } from './body-form.tsx';

/** What a refused (or grown: "add another") action form shows again. */
export interface ActionDraft {
  action: string;
  values: PostedForm;
  errors: FieldErrors;
  alert: string;
  add?: string | undefined;
}

/** Everything an action form is planned from: the case's machine and side, its thread, the form setting. */
export interface ActionFormContext {
  machine: CaseState;
  side: Side;
  thread: readonly ThreadEntry[];
  setting: FormSetting;
}

/** The context of a case's action forms for the officer reading the page. */
export async function actionFormContext(
  deps: AppDeps,
  pc: PageContext,
  row: CaseRow,
  username: string,
  view: { timeline: readonly unknown[]; attachments: readonly { name: string; mediaType: string; size: number; digest?: string; direction?: string }[] },
): Promise<ActionFormContext> {
  const facts = caseFacts(row);
  return { machine: facts.machine, side: facts.role, thread: view.timeline as ThreadEntry[], setting: formSetting(deps, pc, await officerName(deps, username), view.attachments, row.agreement) };
}

/** The form of one action and the values filled in before the officer types (a countersign's records). */
export function actionPlan(ctx: ActionFormContext, action: { name: string; type: string }): { nodes: FormNode[]; defaults: Record<string, string | string[]>; records: number } {
  const nodes = withOptionalPersonRefs(planActionForm(ctx.machine, ctx.side, action, ctx.thread));
  if (action.name !== 'countersign-handover') return { nodes, defaults: {}, records: 0 };
  const records = recordsToCountersign(ctx.thread);
  return { nodes, defaults: formValues(nodes, { records }, ctx.setting.read), records: records.length };
}

/** One action's form: language of what is written, its fields, the send button. */
export function ActionForm({ pc, caseId, action, ctx, draft }: { pc: PageContext; caseId: string; action: { name: string; type: string }; ctx: ActionFormContext; draft?: ActionDraft | undefined }) {
  const { t } = pc;
  const mine = draft?.action === action.name ? draft : undefined;
  const lang = typeof mine?.values['lang'] === 'string' ? mine.values['lang'] : pc.lang;
  const plan = actionPlan(ctx, action);
  const id = `a-${action.name}`;
  return (
    <details open={mine !== undefined} class="action">
      <summary>{t(`action.${action.name}`, { defaultValue: t(`type.${action.type}`, { defaultValue: action.name }) })}</summary>
      <form method="post" action={`/cases/${caseId}/actions/${action.name}`} class="stack" data-action={action.name}>
        <Alert text={mine?.alert} />
        <Csrf pc={pc} />
        <label for={`${id}-lang`}>
          {t('newCase.language')}
          <select id={`${id}-lang`} name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === lang}>
                {languageName(t, l, pc.lang)}
              </option>
            ))}
          </select>
        </label>
        {plan.records > 0 ? <p class="muted">{t('form.discrepancy')}</p> : null}
        <BodyForm pc={pc} nodes={plan.nodes} formId={id} setting={ctx.setting} values={mine?.values} errors={mine?.errors} defaults={plan.defaults} add={mine?.add} />
        <button type="submit">{plan.records > 0 ? t('form.countersignRecords', { count: plan.records }) : t('case.send')}</button>
      </form>
    </details>
  );
}

/** The forms of every action open now. */
export function ActionForms({ pc, caseId, actions, ctx, draft }: { pc: PageContext; caseId: string; actions: readonly { name: string; type: string }[]; ctx: ActionFormContext; draft?: ActionDraft | undefined }) {
  // An action another one takes in this state (the answer, for a note) has no form of its own.
  const own = actions.filter((a) => shadowedBy(ctx.machine, ctx.side, a) === undefined);
  return <>{own.map((a) => <ActionForm pc={pc} caseId={caseId} action={a} ctx={ctx} draft={draft} />)}</>;
}

/**
 * Reads a posted action form and takes the action: `{ done: true }`, or the draft to show
 * again (an "add another" row asked for, or the refusal worded with each field's label).
 */
export async function postAction(
  deps: AppDeps,
  c: Context,
  pc: PageContext,
  row: CaseRow,
  action: { name: string; type: string },
  ctx: ActionFormContext,
): Promise<{ done: true } | { done: false; draft: ActionDraft; status: 200 | 400 | 403 | 404 | 409 | 413 }> {
  const form = (await c.req.parseBody({ all: true })) as PostedForm;
  const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== '_csrf' && k !== ADD_ROW));
  if (typeof form[ADD_ROW] === 'string') return { done: false, draft: { action: action.name, values, errors: {}, alert: '', add: form[ADD_ROW] }, status: 200 };
  const { nodes } = actionPlan(ctx, action);
  const body = readBody(nodes, form, ctx.setting, Object.keys(ctx.machine.persons));
  const lang = typeof form['lang'] === 'string' ? form['lang'] : pc.lang;
  try {
    await takeAction(deps, row.id, { name: action.name, lang, body, user: (c.get('user') as { sub: string }).sub });
    return { done: true };
  } catch (err) {
    const r = wordRefusal(pc.t, err, nodes.length > 0 ? nodes : describeBody(bodySchemas[action.type as keyof typeof bodySchemas]));
    return { done: false, draft: { action: action.name, values, errors: r.fields, alert: r.alert }, status: r.status };
  }
}
