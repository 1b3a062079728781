import type { PageContext } from './context.ts';

/** A value of a body field as the reader reads it: a code list's label, yes or no, a number, the text. */
function Value({ pc, field, value, lang }: { pc: PageContext; field: string; value: unknown; lang: string | undefined }) {
  const { t } = pc;
  if (Array.isArray(value)) {
    return (
      <ul>
        {value.map((item) => (
          <li>
            <Value pc={pc} field={field} value={item} lang={lang} />
          </li>
        ))}
      </ul>
    );
  }
  if (value !== null && typeof value === 'object') return <Fields pc={pc} body={value as Record<string, unknown>} lang={lang} />;
  if (typeof value === 'boolean') return <>{t(value ? 'common.yes' : 'common.no')}</>;
  if (typeof value === 'number') return <>{pc.number(value)}</>;
  const text = String(value ?? '');
  // A code of a list (`choice.<field>.<code>`) reads as its label; free text as it was written, in its language.
  const label = t(`choice.${field}.${text}`, { defaultValue: '' });
  return label ? <>{label}</> : <span lang={lang}>{text}</span>;
}

/** The fields of a body, each under its label (`bodyField.*`), nested parts indented. */
function Fields({ pc, body, lang }: { pc: PageContext; body: Record<string, unknown>; lang: string | undefined }) {
  return (
    <dl class="body-fields">
      {Object.entries(body)
        .filter(([, value]) => value !== undefined && value !== null && value !== '')
        .map(([field, value]) => (
          <>
            <dt>{pc.t(`bodyField.${field}`, { defaultValue: field })}</dt>
            <dd>
              <Value pc={pc} field={field} value={value} lang={lang} />
            </dd>
          </>
        ))}
    </dl>
  );
}

/**
 * A message body as officers and translators read it: a note's text as a paragraph, any other
 * body as labelled fields in the reader's language, code lists by their labels, and what the
 * officer wrote marked with the language it was written in (the browser draws it with that
 * script's font).
 */
export function MessageBody({ pc, body, lang }: { pc: PageContext; body: unknown; lang?: string | null | undefined }) {
  const record = (body ?? {}) as Record<string, unknown>;
  if (typeof record['text'] === 'string' && Object.keys(record).length === 1) {
    return (
      <p lang={lang ?? undefined} class="message-text">
        {record['text']}
      </p>
    );
  }
  return (
    <div class="message-body">
      <Fields pc={pc} body={record} lang={lang ?? undefined} />
    </div>
  );
}
