import type { TFunction } from 'i18next';
import type * as v from 'valibot';
import { fieldIssuesOf, type FieldIssue } from '@mou-hub/service-kit';
import { fieldProblem } from '@mou-hub/web-kit';

/** Field problems by field path, worded in the reader's language. */
export type FieldErrors = Record<string, string>;

/**
 * One field problem in the reader's language, from its kind and parameters, with the format
 * expected (never valibot's English message). The words are web-kit's (`field.*`).
 * @example fieldMessage(t, { path: 'username', kind: 'min_length', expected: '>=2', params: { min: 2 }, message: '' }) // 'Too short or too few (at least 2).'
 */
export function fieldMessage(t: TFunction, issue: Pick<FieldIssue, 'kind' | 'params'>): string {
  return fieldProblem(t, issue);
}

/** The problems of a failed parse, one message per field (the first problem of each). */
export function fieldErrors(t: TFunction, issues: readonly v.BaseIssue<unknown>[] | readonly FieldIssue[]): FieldErrors {
  const list: FieldIssue[] = issues.length > 0 && 'kind' in issues[0]! && 'params' in issues[0]!
    ? (issues as FieldIssue[])
    : fieldIssuesOf(issues as v.BaseIssue<unknown>[]);
  const out: FieldErrors = {};
  for (const i of list) out[i.path] ??= fieldMessage(t, i);
  return out;
}

/** A labelled input with its error beside it, tied by `aria-describedby`. */
export function Field(props: { name: string; label: string; errors?: FieldErrors | undefined; type?: string; value?: string | undefined; required?: boolean; autocomplete?: string }) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  return (
    <label for={id}>
      {props.label}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </label>
  );
}

/** A refusal or error above a form, in the reader's words. */
export function Alert({ text }: { text: string | undefined }) {
  return text ? (
    <p class="alert" role="alert">
      {text}
    </p>
  ) : null;
}
