import { Hono } from 'hono';
import { bodySchemas, CONSENT_GIVERS } from '@mou-hub/protocol';
import { requireSession } from '@mou-hub/service-kit';
import { CASE_KINDS, CASE_OPENERS, type CaseKind } from '@mou-hub/workflows';
import type { AppDeps } from '../../http/deps.ts';
import { openCase } from '../case-actions.ts';
import { ACCESS } from '../../http/access.ts';
import { BodyInputs, bodyFields, readBodyForm } from './body-form.tsx';
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

interface Draft {
  values: Record<string, unknown>;
  errors: FieldErrors;
  alert?: string | undefined;
}

function NewCaseForm({ pc, deps, kind, draft }: { pc: PageContext; deps: AppDeps; kind: CaseKind; draft?: Draft }) {
  const { t } = pc;
  const value = (k: string) => (typeof draft?.values[k] === 'string' ? (draft.values[k] as string) : undefined);
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
        <button type="submit" class="secondary">{t('common.open')}</button>
      </form>
      <form method="post" action={`/cases/new?kind=${kind}`} class="stack">
        <Alert text={draft?.alert} />
        <Csrf pc={pc} />
        <label for="nc-to">
          {t('newCase.to')}
          <select id="nc-to" name="to" required>
            {counterparts(deps, kind).map((c) => (
              <option value={`${c.agreement}|${c.to}`} selected={value('to') === `${c.agreement}|${c.to}`}>
                {`${c.to} (${c.agreement})`}
              </option>
            ))}
          </select>
        </label>
        <label for="nc-lang">
          {t('newCase.language')}
          <select id="nc-lang" name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === (value('lang') ?? pc.lang)}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <BodyInputs t={t} fields={bodyFields(bodySchemas[CASE_OPENERS[kind]])} values={draft?.values} errors={draft?.errors} prefix="nc" />
        <fieldset>
          <legend>{t('bodyField.consent', { defaultValue: 'consent' })}</legend>
          <label for="nc-consent-by">
            {t('bodyField.by', { defaultValue: 'by' })}
            <select id="nc-consent-by" name="consent.by">
              <option value="">—</option>
              {CONSENT_GIVERS.map((g) => (
                <option value={g} selected={value('consent.by') === g}>
                  {t(`choice.by.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label for="nc-consent-date">
            {t('bodyField.date', { defaultValue: 'date' })}
            <input id="nc-consent-date" name="consent.date" type="date" value={value('consent.date')} />
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
  return new Hono<{ Variables: PageVariables }>()
    .get('/', opener, (c) => {
      const pc = pageContext(c, deps.agency);
      return page(c, pc, pc.t('newCase.title'), <NewCaseForm pc={pc} deps={deps} kind={kindOf(c.req.query('kind'))} />);
    })
    .post('/', opener, async (c) => {
      const pc = pageContext(c, deps.agency);
      const { t } = pc;
      const kind = kindOf(c.req.query('kind'));
      const form = await c.req.parseBody();
      const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== '_csrf'));
      const again = (draft: Draft, status: 400 | 403 | 404 | 409 | 413) => page(c, pc, t('newCase.title'), <NewCaseForm pc={pc} deps={deps} kind={kind} draft={draft} />, status);
      const [agreement, to] = String(form['to'] ?? '').split('|');
      const { body, unreadable } = readBodyForm(bodyFields(bodySchemas[CASE_OPENERS[kind]]), form);
      if (!agreement || !to || unreadable.length > 0) {
        const errors = Object.fromEntries(unreadable.map((f) => [f, t('field.invalid', { kind: 'json' })]));
        return again({ values, errors, alert: t('error.invalid-request') }, 400);
      }
      const by = form['consent.by'];
      const date = form['consent.date'];
      const consent = typeof by === 'string' && by && typeof date === 'string' && date ? { given: true, by: by as (typeof CONSENT_GIVERS)[number], date } : undefined;
      try {
        const lang = typeof form['lang'] === 'string' ? form['lang'] : pc.lang;
        const sent = await openCase(deps, { kind, to, agreement, lang, body, user: c.get('user').sub, consent });
        return afterPost(c, `/cases/${sent.caseId}`);
      } catch (err) {
        const r = wordRefusal(t, err);
        return again({ values, errors: r.fields, alert: r.alert }, r.status);
      }
    });
}
