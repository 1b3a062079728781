import { Hono } from 'hono';
import { bodySchemas, CONSENT_GIVERS, ConsentSchema, fieldIssues, MessageId } from '@mou-hub/protocol';
import { requireSession } from '@mou-hub/service-kit';
import { ADD_ROW, agencyName, agreementName, describeBody, fieldLabel, fieldProblem, languageName, type FormNode, type PostedForm } from '@mou-hub/web-kit';
import * as v from 'valibot';
import { CASE_KINDS, CASE_OPENERS, type CaseKind } from '@mou-hub/workflows';
import type { AppDeps } from '../../http/deps.ts';
import { openCase } from '../case-actions.ts';
import { ACCESS } from '../../http/access.ts';
import { BodyForm, formSetting, officerName, readBody, withOptionalPersonRefs, type FormSetting } from './body-form.tsx';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert, type FieldErrors } from '../../console/forms.tsx';
import { LANGS } from '../../console/i18n/index.ts';
import { Csrf } from '../../console/layout.tsx';
import { wordRefusal } from '../../console/refusals.ts';
import { afterPost, page } from '../../console/render.tsx';

const kindOf = (x: unknown): CaseKind => (CASE_KINDS as readonly unknown[]).includes(x) ? (x as CaseKind) : 'repatriation';

/** Who this agency may open a case of `kind` with: `agreement|agency` pairs from the directory. */
function counterparts(deps: AppDeps, kind: CaseKind): { agreement: string; to: string }[] {
  const d = deps.directory();
  return d.snapshot.agreements.flatMap((a) =>
    a.parties.includes(deps.agency)
      ? a.parties.filter((p) => p !== deps.agency && d.maySend(a.id, deps.agency, p, CASE_OPENERS[kind]).ok).map((to) => ({ agreement: a.id, to }))
      : [],
  );
}

/** Consent recorded with the case, apart from the body (named apart from a body's own `consent`). */
const CONSENT_BY = '_consent.by';
const CONSENT_DATE = '_consent.date';

interface Draft {
  values: PostedForm;
  errors: FieldErrors;
  alert?: string | undefined;
  add?: string | undefined;
}

const text = (values: PostedForm | undefined, key: string): string | undefined => (typeof values?.[key] === 'string' ? (values[key] as string) : undefined);

function NewCaseForm({ pc, deps, kind, nodes, setting, draft, intake }: { pc: PageContext; deps: AppDeps; kind: CaseKind; nodes: readonly FormNode[]; setting: FormSetting; draft?: Draft; intake?: string | undefined }) {
  const { t } = pc;
  const directory = deps.directory().snapshot;
  return (
    <>
      <form method="get" action="/cases/new" class="filters">
        <label>
          {t('cases.kind')}
          <select name="kind">
            {CASE_KINDS.map((k) => (
              <option value={k} selected={k === kind}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {intake ? <input type="hidden" name="intake" value={intake} /> : null}
        <button type="submit" class="secondary">{t('common.open')}</button>
      </form>
      <form method="post" action={`/cases/new?kind=${kind}${intake ? `&intake=${intake}` : ''}`} class="stack" data-form="new-case">
        <Alert text={draft?.alert} />
        <Csrf pc={pc} />
        <label for="nc-to">
          {t('newCase.to')}
          <select id="nc-to" name="to" required>
            {counterparts(deps, kind).map((c) => (
              <option value={`${c.agreement}|${c.to}`} selected={text(draft?.values, 'to') === `${c.agreement}|${c.to}`}>
                {`${agencyName(directory, c.to, pc.lang)} (${agreementName(t, directory, c.agreement, pc.lang)})`}
              </option>
            ))}
          </select>
        </label>
        <label for="nc-lang">
          {t('newCase.language')}
          <select id="nc-lang" name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === (text(draft?.values, 'lang') ?? pc.lang)}>
                {languageName(t, l, pc.lang)}
              </option>
            ))}
          </select>
        </label>
        <p class="muted">{t('form.yearHint')}</p>
        <BodyForm pc={pc} nodes={nodes} formId="nc" setting={setting} values={draft?.values} errors={draft?.errors} add={draft?.add} />
        <fieldset>
          <legend>{t('bodyField.consent')}</legend>
          <label for="nc-consent-by">
            {t('bodyField.by')}
            <select id="nc-consent-by" name={CONSENT_BY}>
              <option value="">—</option>
              {CONSENT_GIVERS.map((g) => (
                <option value={g} selected={text(draft?.values, CONSENT_BY) === g}>
                  {t(`choice.by.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label for="nc-consent-date">
            {t('bodyField.date')}
            <input id="nc-consent-date" name={CONSENT_DATE} type="date" value={text(draft?.values, CONSENT_DATE)} />
          </label>
        </fieldset>
        <button type="submit">{t('newCase.submit')}</button>
      </form>
    </>
  );
}

/** `GET/POST /cases/new`: open a case; its opening request's form is built from the body schema. */
export function newCasePages(deps: AppDeps) {
  const opener = requireSession(deps.tokens, ACCESS.openCase);
  const setup = async (c: Parameters<typeof pageContext>[0]) => {
    const pc = pageContext(c, deps.agency);
    const kind = kindOf(c.req.query('kind'));
    const setting = formSetting(deps, pc, await officerName(deps, c.get('user').sub));
    // Opened from an intake (its page links here): the case is linked to it and takes its consent.
    const asked = c.req.query('intake');
    const intake = v.is(MessageId, asked) ? asked : undefined;
    return { pc, kind, setting, intake, nodes: withOptionalPersonRefs(describeBody(bodySchemas[CASE_OPENERS[kind]])) };
  };
  return new Hono<{ Variables: PageVariables }>()
    .get('/', opener, async (c) => {
      const { pc, kind, setting, nodes, intake } = await setup(c);
      return page(c, pc, pc.t('newCase.title'), <NewCaseForm pc={pc} deps={deps} kind={kind} nodes={nodes} setting={setting} intake={intake} />);
    })
    .post('/', opener, async (c) => {
      const { pc, kind, setting, nodes, intake } = await setup(c);
      const { t } = pc;
      const form = (await c.req.parseBody({ all: true })) as PostedForm;
      const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== '_csrf' && k !== ADD_ROW));
      const again = (draft: Draft, status: 200 | 400 | 403 | 404 | 409 | 413) =>
        page(c, pc, t('newCase.title'), <NewCaseForm pc={pc} deps={deps} kind={kind} nodes={nodes} setting={setting} draft={draft} intake={intake} />, status);
      // "Add another" asks for one more row, not to send.
      if (typeof form[ADD_ROW] === 'string') return again({ values, errors: {}, add: form[ADD_ROW] }, 200);
      const [agreement, to] = String(text(form, 'to') ?? '').split('|');
      if (!agreement || !to) return again({ values, errors: {}, alert: t('error.invalid-request') }, 400);
      const body = readBody(nodes, form, setting);
      const by = text(form, CONSENT_BY);
      const date = text(form, CONSENT_DATE);
      const consent = by && date ? { given: true, by: by as (typeof CONSENT_GIVERS)[number], date } : undefined;
      // The consent recorded beside the body is checked as the API checks it (a Buddhist-era year is refused).
      const checked = consent ? v.safeParse(ConsentSchema, consent) : undefined;
      if (checked && !checked.success) {
        const problems = fieldIssues(checked.issues).map((i) => `${t('bodyField.consent')} › ${fieldLabel(t, i.path || 'consent')}: ${fieldProblem(t, i)}`);
        return again({ values, errors: {}, alert: `${t('form.problems')} ${problems.join(' · ')}` }, 400);
      }
      try {
        const lang = text(form, 'lang') ?? pc.lang;
        const sent = await openCase(deps, { kind, to, agreement, lang, body, user: c.get('user').sub, consent, intake });
        return afterPost(c, `/cases/${sent.caseId}`);
      } catch (err) {
        const r = wordRefusal(t, err, nodes);
        return again({ values, errors: r.fields, alert: r.alert }, r.status);
      }
    });
}
