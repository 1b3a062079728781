import { countryName, languageName } from '@mou-hub/web-kit';
import type { PageContext } from './context.ts';

/** A message id (UUID v7): the node's own reference between messages, never shown to a reader. */
const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A date (`YYYY-MM-DD`) or an instant (RFC 3339): shown in the reader's calendar. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Fields holding a country (ISO 3166 alpha-2) or a language (BCP 47): shown by name. */
const COUNTRY_FIELDS: ReadonlySet<string> = new Set(['citizenship', 'issuingCountry', 'country', 'nationality']);
const LANGUAGE_FIELDS: ReadonlySet<string> = new Set(['primaryLanguage', 'sourceLang', 'targetLang', 'lang', 'language', 'languages']);
/** A code of a list: lower-case words joined by `-`, or an HTCDS code in CamelCase. */
const CODE = /^([a-z0-9]+(-[a-z0-9]+)+|[A-Z][a-z]+([A-Z][a-z]+)+)$/;

/** How a body is read: the page, the language it was written in, agencies by name. */
interface Reading {
  pc: PageContext;
  lang: string | undefined;
  agency: (id: string) => string;
}

/**
 * A code's label: its own list (`choice.<field>.<code>`), its parent's (`checkpoint.id` is a
 * `choice.checkpoint.*`), or a document's type (`choice.documentType.*`).
 */
function codeLabel(r: Reading, field: string, parent: string, code: string): string {
  for (const list of [field, parent, `${parent.replace(/s$/, '')}${field[0]!.toUpperCase()}${field.slice(1)}`, 'documentType']) {
    const label = r.pc.t(`choice.${list}.${code}`, { defaultValue: '' });
    if (label) return label;
  }
  return '';
}

/** A value of a body field as the reader reads it: a code list's label, an agency's name, yes or no, a number, the text. */
function Value({ r, field, parent, value }: { r: Reading; field: string; parent: string; value: unknown }) {
  const { pc } = r;
  if (Array.isArray(value)) {
    return (
      <ul>
        {value.map((item) => (
          <li>
            <Value r={r} field={field} parent={parent} value={item} />
          </li>
        ))}
      </ul>
    );
  }
  if (value !== null && typeof value === 'object') return <Fields r={r} body={value as Record<string, unknown>} parent={field} />;
  if (typeof value === 'boolean') return <>{pc.t(value ? 'common.yes' : 'common.no')}</>;
  if (typeof value === 'number') return <>{pc.number(value)}</>;
  const text = String(value ?? '');
  if (field === 'agency') return <>{r.agency(text)}</>;
  if (DATE.test(text)) return <>{pc.date(`${text}T12:00:00Z`)}</>;
  if (INSTANT.test(text)) return <>{pc.dateTime(text)}</>;
  if (COUNTRY_FIELDS.has(field) && /^[A-Z]{2}$/.test(text)) return <>{countryName(text, pc.lang)}</>;
  if (LANGUAGE_FIELDS.has(field)) return <>{languageName(pc.t, text, pc.lang)}</>;
  const label = codeLabel(r, field, parent, text);
  if (label) return <>{label}</>;
  // A code no list names is left out rather than shown raw; free text as written, in its language.
  return CODE.test(text) ? <>—</> : <span lang={r.lang}>{text}</span>;
}

/** The fields of a body, each under its label (`bodyField.*`), nested parts indented; message ids left out. */
function Fields({ r, body, parent }: { r: Reading; body: Record<string, unknown>; parent: string }) {
  return (
    <dl class="body-fields">
      {Object.entries(body)
        .filter(([, value]) => value !== undefined && value !== null && value !== '' && !(typeof value === 'string' && MESSAGE_ID.test(value)))
        .map(([field, value]) => (
          <>
            <dt>{r.pc.t(`bodyField.${field}`, { defaultValue: field })}</dt>
            <dd>
              <Value r={r} field={field} parent={parent} value={value} />
            </dd>
          </>
        ))}
    </dl>
  );
}

/**
 * A message body as officers and translators read it: a note's text as a paragraph, any other
 * body as labelled fields in the reader's language, code lists by their labels, agencies by
 * name, and what the officer wrote marked with the language it was written in (the browser
 * draws it with that script's font). The ids that tie messages together are not shown.
 */
export function MessageBody({ pc, body, lang, agency }: { pc: PageContext; body: unknown; lang?: string | null | undefined; agency?: (id: string) => string }) {
  const record = (body ?? {}) as Record<string, unknown>;
  if (typeof record['text'] === 'string' && Object.keys(record).length === 1) {
    return (
      <p lang={lang ?? undefined} class="message-text">
        {record['text']}
      </p>
    );
  }
  const r: Reading = { pc, lang: lang ?? undefined, agency: agency ?? ((id) => id) };
  return (
    <div class="message-body">
      <Fields r={r} body={record} parent="" />
    </div>
  );
}
