/**
 * The words of a described form: a field's label, a code's label, a field problem, all from
 * the catalogs (`bodyField.*`, `choice.<list>.*`, `field.*`), never a path or a code.
 */
import type { TFunction } from 'i18next';
import type { FieldIssue } from '@mou-hub/protocol';
import type { FormNode } from './describe.ts';

/** A field's label: the catalog's word for its key, else the key spaced out (a test keeps every key labelled). */
export function fieldLabel(t: TFunction, key: string): string {
  return t(`bodyField.${key}`, { defaultValue: key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() });
}

/** The catalog key of one code of a list (problem codes and translation statuses have their own sections). */
export function codeKey(list: string, value: string): string {
  if (list === 'translationStatus') return `translationStatus.${value}`;
  if (list === 'problem') return `problem.${value}`;
  return `choice.${list}.${value}`;
}

/** One code's label in the reader's language. */
export function codeLabel(t: TFunction, list: string, value: string): string {
  return t(codeKey(list, value), { defaultValue: value });
}

/** What a field expects, stated with the problem (the format of a date, a phone number…). */
const FORMAT_OF_KIND: Readonly<Record<string, string>> = {
  'date-format': 'field.format.date',
  'year-out-of-range': 'field.format.date',
  'date-not-real': 'field.format.date',
  'time-format': 'field.format.time',
  'timestamp-format': 'field.format.dateTime',
  'phone-number': 'field.format.phone',
  'country-code': 'field.format.country',
  'language-code': 'field.format.language',
  'document-number': 'field.format.documentNumber',
};

/** Field problem kinds the catalogs word; any other is `field.invalid`. */
export const WORDED_KINDS = [
  'missing',
  'min_length',
  'max_length',
  'min_value',
  'max_value',
  'picklist',
  'regex',
  'email',
  'number',
  'integer',
  'boolean',
  'string',
  'array',
  'object',
  'strict_object',
  'variant',
  'literal',
  'date-format',
  'date-not-real',
  'year-out-of-range',
  'time-format',
  'timestamp-format',
  'blank',
  'country-code',
  'language-code',
  'phone-number',
  'person-ref',
  'document-number',
  'no-repeats',
  'distinct-persons',
  'one-record-per-person',
  'consent-required',
  'means-required',
  'birth-or-age',
  'reason-unconfirmed',
  'after-issued',
  'contact-required',
  'detail-for-other',
  'document-needs-confirmed',
  'not-before-received',
  'languages-differ',
] as const;

/**
 * One field problem in the reader's language, with what is expected (the format, the bound).
 * @example fieldProblem(t, { path: 'identifiedOn', kind: 'year-out-of-range', params: { min: 1900, max: 2100 }, … })
 *   // 'The year must be between 1900 and 2100 (Gregorian calendar, not the Buddhist era). Expected: a date, day month year.'
 */
export function fieldProblem(t: TFunction, issue: Pick<FieldIssue, 'kind' | 'params'>): string {
  const kind = (WORDED_KINDS as readonly string[]).includes(issue.kind) ? issue.kind : 'invalid';
  const text = t(`field.${kind}`, { ...issue.params });
  const format = FORMAT_OF_KIND[issue.kind];
  return format ? `${text} ${t('field.expected', { format: t(format) })}` : text;
}

/** A step of a path: an entry key or a list index. */
type Step = string | number;

/**
 * The labels along a dot path, as a reader would say where a problem is: `Persons 2 › Person ›
 * Given name` for `persons.1.person.givenName`. Steps the form does not know are left out.
 */
export function pathLabel(t: TFunction, nodes: readonly FormNode[], path: string): string {
  const steps: Step[] = path === '' ? [] : path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const words: string[] = [];
  let level: readonly FormNode[] = nodes;
  let list: FormNode | undefined;
  for (const step of steps) {
    if (typeof step === 'number' && list?.kind === 'list') {
      words[words.length - 1] = `${words.at(-1) ?? ''} ${step + 1}`;
      level = list.item.kind === 'group' ? list.item.fields : [list.item];
      list = undefined;
      continue;
    }
    const flat = level.flatMap((n) => (n.kind === 'variant' ? [n, ...n.options.flatMap((o) => o.fields)] : [n]));
    const root = flat.find((n) => n.key === '' && n.kind === 'variant');
    const node = flat.find((n) => n.key === step) ?? (root?.kind === 'variant' ? root.options.flatMap((o) => o.fields).find((n) => n.key === step) : undefined);
    words.push(fieldLabel(t, String(step)));
    if (!node) break;
    if (node.kind === 'group') level = node.fields;
    else if (node.kind === 'list') list = node;
    else if (node.kind === 'variant') level = node.options.flatMap((o) => o.fields);
  }
  return words.join(' › ');
}
