import type { caseView } from '../case-view.ts';
import type { PageContext } from '../../console/context.ts';
import { Csrf } from '../../console/layout.tsx';

/** The case as `GET /api/v1/cases/:id` shows it: the page renders the same view. */
export type CaseViewData = Awaited<ReturnType<typeof caseView>>;
type Entry = CaseViewData['timeline'][number];

// A note shows its text; other bodies show as data (their labels are the protocol's field names).
function Body({ entry, pc }: { entry: Entry; pc: PageContext }) {
  const body = entry.body as Record<string, unknown> | null;
  if (body && typeof body['text'] === 'string') return <p lang={entry.lang ?? undefined}>{body['text']}</p>;
  return (
    <details>
      <summary>{pc.t('case.message')}</summary>
      <pre lang={entry.lang ?? undefined}>{JSON.stringify(body, null, 2)}</pre>
    </details>
  );
}

/** Every message both ways, oldest first, with delivery status (sent) and translation status. */
export function Timeline({ pc, view }: { pc: PageContext; view: CaseViewData }) {
  const { t } = pc;
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">
        {t('case.timeline')} <span class="muted">({t('case.messages', { count: view.timeline.length })})</span>
      </h2>
      <ol class="timeline">
        {view.timeline.map((m) => {
          const translations = view.translations.filter((x) => x.document.kind === 'message' && x.document.id === m.id);
          return (
            <li class={m.direction} data-type={m.type}>
              <strong>{t(`type.${m.type}`, { defaultValue: m.type })}</strong>{' '}
              <span class="muted">
                {m.direction === 'out' ? `${t('case.sent')} → ${m.to}` : `${t('case.received')} ← ${m.from}`} · {pc.dateTime(m.created)}
              </span>
              {'status' in m && m.status ? (
                <>
                  {' '}
                  <span class="badge" data-status={m.status}>
                    {t(`status.${m.status}`)}
                  </span>
                </>
              ) : null}
              {translations.map((x) => (
                <>
                  {' '}
                  <span class="badge">
                    {t('case.translation')} {x.sourceLang}→{x.targetLang}: {t(`translationStatus.${x.status}`)}
                  </span>
                </>
              ))}
              <Body entry={m} pc={pc} />
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
                <td>
                  <code>{p.ref}</code> {personName(p.record)}
                </td>
                <td>{t(`state.${p.state}`, { defaultValue: p.state })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The open steps' deadlines, with the overdue ones marked. */
export function Deadlines({ pc, view }: { pc: PageContext; view: CaseViewData }) {
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
              <th scope="col">{t('case.dueAt')}</th>
            </tr>
          </thead>
          <tbody>
            {view.deadlines.map((d) => (
              <tr>
                <td>{t(`step.${d.step}`, { defaultValue: d.step })}</td>
                <td>
                  {pc.dateTime(d.due)} {d.overdue ? <span class="badge overdue">{t('cases.overdue')}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
              {a.direction === 'out' ? t('case.sent') : t('case.received')} · {a.mediaType} · {t('quarantine.bytes', { size: pc.number(a.size) })} ·{' '}
              <span class="badge">{t(`attachmentState.${a.state}`, { defaultValue: a.state })}</span>{' '}
              {a.direction === 'out' || a.state === 'verified' ? (
                <a href={`/cases/${view.id}/attachments/${encodeURIComponent(a.name)}`} hx-boost="false" download>
                  {t('case.download')}
                </a>
              ) : null}
              <br />
              <code class="muted">{a.name}</code>
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
