import { Hono } from 'hono';
import { MessageId } from '@mou-hub/protocol';
import { hasRole, requireSession } from '@mou-hub/service-kit';
import { agencyName, agreementName } from '@mou-hub/web-kit';
import * as v from 'valibot';
import { recordAccess } from '../../access-log/access-store.ts';
import { findCase, type CaseRow } from '../case-store.ts';
import { caseView } from '../case-view.ts';
import type { AppDeps } from '../../http/deps.ts';
import { openActions } from '../case-actions.ts';
import { ACCESS } from '../../http/access.ts';
import { actionFormContext, ActionForms, postAction, type ActionDraft, type ActionFormContext } from './action-form.tsx';
import { Attachments, Consent, Deadlines, Links, Persons, Timeline, type CaseViewData, type Names } from './case-sections.tsx';
import { PersonsLine } from './cases-list.tsx';
import { caseLines, type CaseLine } from '../case-summaries.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { EvidenceExport } from '../../evidence/pages/evidence-export.tsx';
import { afterPost, page } from '../../console/render.tsx';

function CasePage({ pc, view, names, line, forms, refused, evidence }: { pc: PageContext; view: CaseViewData; names: Names; line: CaseLine | undefined; forms: ActionFormContext; refused?: ActionDraft | undefined; evidence: boolean }) {
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
      {view.parties.consular && (
        // A case of three parties (issue 16): the host, the home focal point and the embassy beside it.
        <p class="case-parties">
          {t('case.parties')}: {names.agency(view.parties.initiator)} · {names.agency(view.parties.responder)} ({t('case.party.focal-point')}) ·{' '}
          {names.agency(view.parties.consular)} ({t('case.party.consular')})
        </p>
      )}
      <Consent pc={pc} view={view} />
      <section aria-labelledby="actions">
        <h2 id="actions">{t('case.actions')}</h2>
        {actions.length === 0 ? <p>{t('case.noActions')}</p> : <ActionForms pc={pc} caseId={view.id} actions={actions} ctx={forms} draft={refused} />}
      </section>
      <Timeline pc={pc} view={view} names={names} />
      <Persons pc={pc} view={view} />
      <Deadlines pc={pc} view={view} names={names} />
      <Links pc={pc} view={view} names={names} />
      <Attachments pc={pc} view={view} />
      {evidence && <EvidenceExport pc={pc} caseId={view.id} />}
    </>
  );
}

const Params = v.object({ id: MessageId });

/** `GET /cases/:id` (the case id of the API) and `POST /cases/:id/actions/:name` (a form per action the workflow allows now). */
export function casePages(deps: AppDeps) {
  const officer = requireSession(deps.tokens, ACCESS.cases);
  const load = async (id: string): Promise<CaseRow | undefined> => (v.is(Params, { id }) ? findCase(deps.db, id) : undefined);
  const show = async (c: Parameters<typeof pageContext>[0], row: CaseRow, refused?: ActionDraft, status: 200 | 400 | 403 | 404 | 409 | 413 = 200) => {
    const pc = pageContext(c, deps.agency);
    const now = new Date();
    await recordAccess(deps.db, [{ at: now.toISOString(), user: c.get('user').sub, case: row.id, what: 'case' }]);
    const view = await caseView(deps, row, now);
    const directory = deps.directory().snapshot;
    const names: Names = { agency: (id) => agencyName(directory, id, pc.lang), agreement: (id) => agreementName(pc.t, directory, id, pc.lang) };
    const line = (await caseLines(deps.db, deps.atRest, [row], now)).get(row.id);
    const title = pc.t('case.title', { id: row.ref ?? pc.t('case.noRef') });
    const forms = await actionFormContext(deps, pc, row, c.get('user').sub, view);
    return page(c, pc, title, <CasePage pc={pc} view={view} names={names} line={line} forms={forms} refused={refused} evidence={hasRole(c.get('user').roles, ACCESS.evidenceExport)} />, status);
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
      const pc = pageContext(c, deps.agency);
      const name = c.req.param('name');
      const action = openActions(row).find((a) => a.name === name);
      if (!action) return show(c, row, { action: name, values: {}, errors: {}, alert: pc.t('refusal.step-not-allowed', { state: pc.t(`state.${row.state}`) }) }, 409);
      const view = await caseView(deps, row, new Date());
      const result = await postAction(deps, c, pc, row, action, await actionFormContext(deps, pc, row, c.get('user').sub, view));
      if (!result.done) return show(c, row, result.draft, result.status);
      return afterPost(c, `/cases/${row.id}`);
    });
}
