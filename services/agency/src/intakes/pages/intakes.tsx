import { Hono } from 'hono';
import { fieldIssues, MessageId } from '@mou-hub/protocol';
import { requireSession } from '@mou-hub/service-kit';
import { agencyName, describeBody, fieldProblem, FormInputs, readForm, type PostedForm } from '@mou-hub/web-kit';
import * as v from 'valibot';
import { recordAccess } from '../../access-log/access-store.ts';
import { IntakeRequest, INTAKE_SOURCES } from '../../cases/http/case-schemas.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert } from '../../console/forms.tsx';
import { Csrf } from '../../console/layout.tsx';
import { MessageBody } from '../../console/message-body.tsx';
import { afterPost, page } from '../../console/render.tsx';
import { intakeDetail, recordIntake, type IntakeDetail } from '../intake-service.ts';
import { findIntake, linkCase, listIntakes } from '../intake-store.ts';
import { findCase, listCases, type CaseRow } from '../../cases/case-store.ts';

/** The intake form's fields, from the API's schema (the same checks on both edges). */
const NODES = describeBody(IntakeRequest);
/** The embassy's clock for dates and times typed on the form (Beijing, UTC+8). */
const OFFSET_MINUTES = 480;

function NewIntake({ pc, values, errors, alert }: { pc: PageContext; values?: PostedForm; errors?: Record<string, string>; alert?: string }) {
  return (
    <form method="post" action="/intakes/new" class="stack" data-form="intake">
      <Alert text={alert} />
      <Csrf pc={pc} />
      <FormInputs view={{ t: pc.t, formId: 'intake', values, errors }} nodes={NODES} />
      <button type="submit">{pc.t('intakes.submit')}</button>
    </form>
  );
}

/** A case here that could be linked to the intake (not linked yet), e.g. a repatriation the other side asked for. */
type Linkable = Pick<CaseRow, 'id' | 'ref' | 'kind' | 'counterpart'>;

function Detail({ pc, d, name, linkable }: { pc: PageContext; d: IntakeDetail; name: (id: string) => string; linkable: readonly Linkable[] }) {
  const { t } = pc;
  return (
    <>
      <p>
        {t(`choice.source.${d.source}`)} · {pc.dateTime(d.recordedAt)} · {d.recordedBy}
      </p>
      <p data-consent={d.consent?.given ? 'recorded' : 'missing'}>
        {t('case.consent')}: {d.consent?.given ? t('case.consentRecorded', { date: pc.date(d.consent.recordedAt) }) : t('case.consentMissing')}
      </p>
      <MessageBody pc={pc} body={d.details} />
      <section aria-labelledby="opened">
        <h2 id="opened">{t('intakes.cases')}</h2>
        {d.cases.length === 0 ? (
          <p>{t('cases.empty')}</p>
        ) : (
          <ul>
            {d.cases.map((c) => (
              <li data-case={c.id}>
                <a href={`/cases/${c.id}`}>{c.ref ?? t('case.noRef')}</a> · {t(`kind.${c.kind}`)} · {t(`state.${c.state}`, { defaultValue: c.state })} · {name(c.counterpart)}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={`/cases/new?kind=consular-verification&intake=${d.id}`}>{t('intakes.openCase')}</a> ·{' '}
          <a href={`/cases/new?kind=investigation&intake=${d.id}`}>{t('intakes.openInvestigation')}</a>
        </p>
        {linkable.length === 0 ? null : (
          <form method="post" action={`/intakes/${d.id}/cases`} class="inline" data-form="link-case">
            <Csrf pc={pc} />
            <label for="link-case">
              {t('intakes.linkCase')}
              <select id="link-case" name="case">
                {linkable.map((c) => (
                  <option value={c.id}>{`${c.ref ?? t('case.noRef')} · ${t(`kind.${c.kind}`)} · ${name(c.counterpart)}`}</option>
                ))}
              </select>
            </label>
            <button type="submit">{t('intakes.link')}</button>
          </form>
        )}
      </section>
    </>
  );
}

/**
 * The embassy desk's intakes: `GET /intakes` (newest first, with how many cases each led to),
 * `GET|POST /intakes/new` (a call for help or a police notice, with consent to share), and
 * `GET /intakes/:id` (its details, consent, and the cases opened from it, access-logged).
 */
export function intakePages(deps: AppDeps) {
  const desk = requireSession(deps.tokens, ACCESS.cases);
  return new Hono<{ Variables: PageVariables }>()
    .get('/', desk, async (c) => {
      const pc = pageContext(c, deps.agency);
      const { t } = pc;
      const { items } = await listIntakes(deps.db, { limit: 100, offset: 0 });
      return page(c, pc, t('intakes.title'), (
        <>
          <p>
            <a href="/intakes/new">{t('intakes.new')}</a>
          </p>
          {items.length === 0 ? (
            <p>{t('intakes.empty')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('intakes.source')}</th>
                  <th scope="col">{t('intakes.recordedAt')}</th>
                  <th scope="col" class="num">
                    {t('intakes.cases')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr data-intake={i.id}>
                    <td>
                      <a href={`/intakes/${i.id}`}>{t(`choice.source.${i.source}`)}</a>
                    </td>
                    <td>{pc.dateTime(i.recordedAt)}</td>
                    <td class="num">{pc.number(i.cases)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ));
    })
    .get('/new', desk, (c) => {
      const pc = pageContext(c, deps.agency);
      return page(c, pc, pc.t('intakes.new'), <NewIntake pc={pc} values={{ source: INTAKE_SOURCES[0] }} />);
    })
    .post('/new', desk, async (c) => {
      const pc = pageContext(c, deps.agency);
      const form = await c.req.parseBody({ all: true });
      const parsed = v.safeParse(IntakeRequest, readForm(NODES, form, { utcOffsetMinutes: OFFSET_MINUTES }));
      if (!parsed.success) {
        const errors = Object.fromEntries(fieldIssues(parsed.issues).map((i) => [i.path, fieldProblem(pc.t, i)]));
        return page(c, pc, pc.t('intakes.new'), <NewIntake pc={pc} values={form} errors={errors} alert={pc.t('error.invalid-request')} />, 400);
      }
      const user = c.get('user').sub;
      const id = await recordIntake(deps, parsed.output, user);
      deps.log.info({ intakeId: id, source: parsed.output.source, user }, 'intake recorded');
      return afterPost(c, `/intakes/${id}`);
    })
    .get('/:id', desk, async (c) => {
      const id = c.req.param('id');
      const d = v.is(MessageId, id) ? await intakeDetail(deps, id) : undefined;
      if (!d) return c.notFound();
      const pc = pageContext(c, deps.agency);
      await recordAccess(deps.db, [{ at: new Date().toISOString(), user: c.get('user').sub, case: id, what: 'intake' }]);
      const directory = deps.directory().snapshot;
      const title = pc.t('intakes.detailTitle', { date: pc.date(d.recordedAt) });
      return page(c, pc, title, <Detail pc={pc} d={d} name={(a) => agencyName(directory, a, pc.lang)} linkable={await linkable(deps, d)} />);
    })
    // Links a case the other side opened (a repatriation the police asked for) to this intake.
    .post('/:id/cases', desk, async (c) => {
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      const target = String(form['case'] ?? '');
      if (!v.is(MessageId, id) || !(await findIntake(deps.db, id)) || !v.is(MessageId, target) || !(await findCase(deps.db, target))) return c.notFound();
      await linkCase(deps.db, id, target, new Date().toISOString());
      deps.log.info({ intakeId: id, caseId: target, user: c.get('user').sub }, 'case linked to intake');
      return afterPost(c, `/intakes/${id}`);
    });
}

/** This node's latest cases not yet linked to the intake `d`, for its "link a case" picker. */
async function linkable(deps: AppDeps, d: IntakeDetail): Promise<Linkable[]> {
  const { items } = await listCases(deps.db, { now: new Date().toISOString(), limit: 50, offset: 0 });
  const linked = new Set(d.cases.map((c) => c.id));
  return items.filter((c) => !linked.has(c.id));
}
