import type { TFunction } from 'i18next';
import { HttpError } from '@mou-hub/service-kit';
import type { FieldErrors } from './forms.tsx';

/** A refusal worded for the reader, and field problems keyed by top-level body field. */
export interface WordedRefusal {
  alert: string;
  fields: FieldErrors;
  status: 400 | 403 | 404 | 409 | 413;
}

/**
 * Words a refused send from its code and parameters (never its English message): a workflow
 * refusal names the state in the reader's language, a body problem goes next to its field.
 */
export function wordRefusal(t: TFunction, err: unknown): WordedRefusal {
  if (!(err instanceof HttpError) || err.status >= 500) throw err;
  const status = ([400, 403, 404, 409, 413] as const).find((s) => s === err.status) ?? 400;
  const fields: FieldErrors = {};
  const details = err.details as { refusal?: { code: string; params?: Record<string, unknown> } } | { path: string; message: string }[] | undefined;
  if (err.code === 'schema-invalid' && Array.isArray(details)) {
    for (const issue of details) {
      const field = issue.path.split('.')[0] ?? '';
      const kind = issue.message.split(':')[0] ?? 'invalid';
      const bound = /[<>]=?(\d+)/.exec(issue.message)?.[1];
      const known = ['min_length', 'max_length', 'regex', 'picklist', 'email', 'min_value', 'max_value'];
      fields[field] ??= `${issue.path}: ${t(`field.${known.includes(kind) ? kind : 'invalid'}`, { min: bound, max: bound, kind })}`;
    }
  }
  if (err.code === 'invalid-state' && details && !Array.isArray(details) && details.refusal) {
    const { code, params = {} } = details.refusal;
    const state = typeof params['state'] === 'string' ? t(`state.${params['state']}`, { defaultValue: params['state'] }) : params['state'];
    return { alert: t(`refusal.${code}`, { ...params, state, defaultValue: t('error.unknown', { code }) }), fields, status };
  }
  return { alert: t(`error.${err.code}`, { defaultValue: t('error.unknown', { code: err.code }) }), fields, status };
}
