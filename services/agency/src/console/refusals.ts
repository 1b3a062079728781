import type { TFunction } from 'i18next';
import type { FieldIssue } from '@mou-hub/protocol';
import { HttpError } from '@mou-hub/service-kit';
import { fieldProblem, pathLabel, type FormNode } from '@mou-hub/web-kit';
import type { FieldErrors } from './forms.tsx';

/** A refusal worded for the reader, and field problems by dot path (`persons.0.person.givenName`). */
export interface WordedRefusal {
  alert: string;
  fields: FieldErrors;
  status: 400 | 403 | 404 | 409 | 413;
}

/** A refusal's parameter as the reader reads it: a state, a type, an action, a person, a field by its words. */
function wordParam(t: TFunction, key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((x) => wordParam(t, key === 'actions' ? 'action' : key, x)).join(', ');
  const text = String(value);
  switch (key) {
    case 'state':
      return t(`state.${text}`, { defaultValue: text });
    case 'type':
      return t(`type.${text}`, { defaultValue: text });
    case 'action':
    case 'asked':
    case 'applies':
      return t(`action.${text}`, { defaultValue: text });
    case 'kind':
      return t(`kind.${text}`, { defaultValue: text });
    case 'fact':
      return t(`bodyField.${text}`, { defaultValue: text });
    case 'side':
      return t(`side.${text}`, { defaultValue: text });
    case 'party':
      return t(`case.party.${text}`, { defaultValue: text });
    default:
      return typeof value === 'number' ? String(value) : text;
  }
}

/**
 * Every parameter of a workflow refusal worded, plus `person`: the workflows name a person by
 * their place in the body (`index`, from 0), never by name, so the page says "person 2".
 */
export function refusalParams(t: TFunction, params: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) out[key] = wordParam(t, key, value);
  if (typeof params['index'] === 'number') out['person'] = String(params['index'] + 1);
  out['person'] ??= '';
  return out;
}

const isIssue = (x: unknown): x is FieldIssue => typeof x === 'object' && x !== null && typeof (x as FieldIssue).path === 'string' && typeof (x as FieldIssue).kind === 'string';

/**
 * Words a refused send from its code and parameters (never its English message): a workflow
 * refusal with each parameter in the reader's words, a body problem beside its field and, in
 * the alert, under the field's label (`Persons 2 › Person › Date of birth: …`), never its path.
 * `nodes`: the form that was sent, to name the fields.
 */
export function wordRefusal(t: TFunction, err: unknown, nodes: readonly FormNode[] = []): WordedRefusal {
  if (!(err instanceof HttpError) || err.status >= 500) throw err;
  const status = ([400, 403, 404, 409, 413] as const).find((s) => s === err.status) ?? 400;
  const details = err.details as { refusal?: { code: string; params?: Record<string, unknown> }; issues?: unknown } | unknown[] | undefined;
  const issues = (Array.isArray(details) ? details : Array.isArray(details?.issues) ? details.issues : []).filter(isIssue);
  if (issues.length > 0) {
    const fields: FieldErrors = {};
    for (const issue of issues) fields[issue.path] ??= fieldProblem(t, issue);
    const lines = Object.entries(fields).map(([path, text]) => (path === '' ? text : `${pathLabel(t, nodes, path)}: ${text}`));
    return { alert: `${t('form.problems')} ${lines.join(' · ')}`, fields, status };
  }
  if (details && !Array.isArray(details) && details.refusal) {
    const { code, params = {} } = details.refusal;
    return { alert: t(`refusal.${code}`, { ...refusalParams(t, params), defaultValue: t('error.unknown', { code }) }), fields: {}, status };
  }
  return { alert: t(`error.${err.code}`, { defaultValue: t('error.unknown', { code: err.code }) }), fields: {}, status };
}
