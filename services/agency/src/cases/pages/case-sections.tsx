import { languageName } from '@mou-hub/web-kit';
import type { caseView } from '../case-view.ts';
import type { PageContext } from '../../console/context.ts';
import { Csrf } from '../../console/layout.tsx';
import { MessageBody } from '../../console/message-body.tsx';

/** The case as `GET /api/v1/cases/:id` shows it: the page renders the same view. */
export type CaseViewData = Awaited<ReturnType<typeof caseView>>;
type Entry = CaseViewData['timeline'][number];
type Translation = CaseViewData['translations'][number];

/** Agencies and agreements by the directory's names, in the reader's language. */
export interface Names {
  agency(id: string): string;
  agreement(id: string): string;
}

/** A message's translations, each on one line: languages, status, and this side's text beside the original. */
function Translations({ pc, entry, translations, names }: { pc: PageContext; entry: Entry; translations: readonly Translation[]; names: Names }) {
  const { t } = pc;
  const shown = translations.find((x) => x.translation?.text);
  return (
    <>
      {translations.map((x) => (
        <>
          {' '}
          <span class="badge" data-translation={x.status}>
            {t('case.translation')} {languageName(t, x.sourceLang, pc.lang)} → {languageName(t, x.targetLang, pc.lang)}: {t(`translationStatus.${x.status}`)}
          </span>
        </>
      ))}
      {shown?.translation?.text ? (
        <div class="side-by-side">
          <section>
            <h3>{t('translations.original', { lang: languageName(t, shown.sourceLang, pc.lang) })}</h3>
            <MessageBody pc={pc} body={entry.body} lang={entry.lang} agency={names.agency} />
          </section>
          <section>
            <h3>{t('translations.translation', { lang: languageName(t, shown.targetLang, pc.lang) })}</h3>
            <p lang={shown.targetLang} class="translation">
              {shown.translation.text}
            </p>
          </section>
        </div>
      ) : (
        <MessageBody pc={pc} body={entry.body} lang={entry.lang} agency={names.agency} />
      )}
    </>
  );
}

/**
 * Every message both ways, oldest first, with delivery status (sent) and the status of its
 * translations on its own line; the node's translation status messages are not entries of
 * their own (they fold into the document they are about).
 */
export function Timeline({ pc, view, names }: { pc: PageContext; view: CaseViewData; names: Names }) {
  const { t } = pc;
  const entries = view.timeline.filter((m) => m.type !== 'translation.status');
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">
        {t('case.timeline')} <span class="muted">({t('case.messages', { count: entries.length })})</span>
      </h2>
      <ol class="timeline">
        {entries.map((m) => {
          const translations = view.translations.filter((x) => x.document.kind === 'message' && x.document.id === m.id);
          return (
            <li class={m.direction} data-type={m.type}>
              <strong>{t(`type.${m.type}`, { defaultValue: m.type })}</strong>{' '}
              <span class="muted">
                {m.direction === 'out' ? `${t('case.sent')} → ${names.agency(m.to)}` : `${t('case.received')} ← ${names.agency(m.from)}`} · {pc.dateTime(m.created)}
              </span>
              {'status' in m && m.status ? (
                <>
                  {' '}
                  <span class="badge" data-status={m.status}>
                    {t(`status.${m.status}`)}
                  </span>
                </>
              ) : null}
              <Translations pc={pc} entry={m} translations={translations} names={names} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// What an officer needs to recognise a person; the rest of the record stays in the messages.
function personName(record: unknown): string {
  const p = (record as { person?: { givenName?: string; familyName?: string } } | undefined)?.person;
  return [p?.givenName, p?.familyName].filter(Boolean).join(' ');
}

/** The persons of the case, each with their own state. */
export function Persons({ pc, view }: { pc: PageContext; view: CaseViewData }) {
  const { t } = pc;
  return (
    <section aria-labelledby="persons">
      <h2 id="persons">{t('case.persons')}</h2>
      {view.persons.length === 0 ? (
        <p>{t('case.noPersons')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('case.person')}</th>
              <th scope="col">{t('cases.state')}</th>
            </tr>
          </thead>
          <tbody>
            {view.persons.map((p) => (
              <tr>
                <td data-person={p.ref}>{personName(p.record) || p.ref}</td>
                <td>{t(`state.${p.state}`, { defaultValue: p.state })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A deadline's status as the reader reads it: met, open, late (breached, or open past due), paused, no longer due. */
function clockOf(d: CaseViewData['deadlines'][number]): string {
  if (d.status === 'open') return d.paused ? 'paused' : d.overdue ? 'overdue' : 'open';
  return d.status;
}

/** Every step's deadline: due date, met, open or late, and whose turn it is. */
export function Deadlines({ pc, view, names }: { pc: PageContext; view: CaseViewData; names: Names }) {
  const { t } = pc;
  return (
    <section aria-labelledby="deadlines">
      <h2 id="deadlines">{t('case.deadlines')}</h2>
      {view.deadlines.length === 0 ? (
        <p>{t('case.noDeadlines')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('case.step')}</th>
              <th scope="col">{t('case.turn')}</th>
              <th scope="col">{t('case.dueAt')}</th>
              <th scope="col">{t('case.status')}</th>
            </tr>
          </thead>
          <tbody>
            {view.deadlines.map((d) => {
              const clock = clockOf(d);
              return (
                <tr data-step={d.step} data-clock={clock}>
                  <td>{t(`step.${d.step}`, { defaultValue: d.step })}</td>
                  <td>{view.parties.consular ? names.agency(d.agency) : d.by === view.role ? t('case.ourSide') : names.agency(view.counterpart)}</td>
                  <td>{pc.dateTime(d.due)}</td>
                  <td>
                    <span class={`badge ${clock === 'met' ? 'met' : clock === 'breached' || clock === 'overdue' ? 'late' : ''}`}>{t(`clock.${clock}`)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Whether consent to share was recorded, and when. */
export function Consent({ pc, view }: { pc: PageContext; view: CaseViewData }) {
  const { t } = pc;
  const consent = view.consent as { given?: boolean; recordedAt?: string } | null;
  return (
    <p data-consent={consent?.given ? 'recorded' : 'missing'}>
      {t('case.consent')}: {consent?.given ? t('case.consentRecorded', { date: pc.date(consent.recordedAt) }) : t('case.consentMissing')}
    </p>
  );
}

/** The intake this case came from, the cases it led to, and its siblings of one intake. */
export function Links({ pc, view, names }: { pc: PageContext; view: CaseViewData; names: Names }) {
  const { t } = pc;
  const links = view.links as { id: string; kind: string; relation: string; state: string | null; counterpart: string | null; ref?: string | null }[];
  if (links.length === 0) return null;
  return (
    <section aria-labelledby="links">
      <h2 id="links">{t('case.links')}</h2>
      <ul>
        {links.map((l) => (
          <li data-link={l.relation}>
            {t(`case.link.${l.relation}`)}:{' '}
            {l.kind === 'intake' ? (
              <a href={`/intakes/${l.id}`}>{t('case.intake')}</a>
            ) : (
              <>
                <a href={`/cases/${l.id}`}>{l.ref ?? t(`kind.${l.kind}`)}</a> · {t(`kind.${l.kind}`)} · {t(`state.${l.state}`, { defaultValue: l.state ?? '' })}
                {l.counterpart ? ` · ${names.agency(l.counterpart)}` : ''}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The case's attachments, sent and received, with their state, a download link, and an upload form. */
export function Attachments({ pc, view }: { pc: PageContext; view: CaseViewData }) {
  const { t } = pc;
  const list = view.attachments as { name: string; size: number; mediaType: string; state: string; direction: 'in' | 'out' }[];
  return (
    <section aria-labelledby="attachments">
      <h2 id="attachments">{t('case.attachments')}</h2>
      {list.length === 0 ? (
        <p>{t('case.noAttachments')}</p>
      ) : (
        <ul class="attachments">
          {list.map((a) => (
            <li data-attachment={a.name}>
              {a.direction === 'out' ? t('case.sent') : t('case.received')} · {t('quarantine.bytes', { size: pc.number(a.size) })} ·{' '}
              <span class="badge">{t(`attachmentState.${a.state}`, { defaultValue: a.state })}</span>{' '}
              {a.direction === 'out' || a.state === 'verified' ? (
                <a href={`/cases/${view.id}/attachments/${encodeURIComponent(a.name)}`} hx-boost="false" download>
                  {t('case.download')}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`/cases/${view.id}/attachments`} enctype="multipart/form-data" class="inline" hx-boost="false">
        <Csrf pc={pc} />
        <label for="upload-file">
          {t('case.upload')}
          <input id="upload-file" type="file" name="file" required />
        </label>
        <button type="submit">{t('case.upload')}</button>
      </form>
    </section>
  );
}
