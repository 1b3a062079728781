import type { TFunction } from 'i18next';
import type { FieldErrors } from '../../console/forms.tsx';

/** How a body field is entered in a form. `json`: nested data, typed as JSON in a text area. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'choice' | 'json';

/** One top-level field of a message body, as a form shows it. */
export interface BodyField {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** For `choice`: the allowed values. */
  options?: readonly string[];
}

interface SchemaLike {
  type: string;
  entries?: Record<string, SchemaLike>;
  wrapped?: SchemaLike;
  options?: readonly unknown[];
}

/**
 * The form fields of a body schema (valibot), read from the schema itself: one field per
 * top-level entry, nested objects and lists as JSON. A new field in `packages/protocol` shows up
 * in the console's forms without a change here.
 */
export function bodyFields(schema: unknown): BodyField[] {
  const entries = (schema as SchemaLike).entries ?? {};
  return Object.entries(entries).map(([name, entry]) => {
    let s = entry;
    let required = true;
    while ((s.type === 'optional' || s.type === 'exact_optional' || s.type === 'nullish') && s.wrapped) {
      required = false;
      s = s.wrapped;
    }
    if (s.type === 'string') return { name, kind: 'text', required };
    if (s.type === 'number') return { name, kind: 'number', required };
    if (s.type === 'boolean') return { name, kind: 'boolean', required };
    if (s.type === 'picklist' && s.options?.every((o) => typeof o === 'string')) return { name, kind: 'choice', required, options: s.options as string[] };
    return { name, kind: 'json', required };
  });
}

/**
 * The body a form posted, typed per field; `errors` names fields that could not even be read
 * (bad JSON, not a number). Empty optional fields are left out.
 */
export function readBodyForm(fields: readonly BodyField[], form: Record<string, unknown>): { body: Record<string, unknown>; unreadable: string[] } {
  const body: Record<string, unknown> = {};
  const unreadable: string[] = [];
  for (const f of fields) {
    const raw = form[`body.${f.name}`];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (f.kind === 'text' || f.kind === 'choice') body[f.name] = text;
    else if (f.kind === 'boolean') body[f.name] = text === 'true';
    else if (f.kind === 'number') {
      const n = Number(text);
      if (Number.isFinite(n)) body[f.name] = n;
      else unreadable.push(f.name);
    } else {
      try {
        body[f.name] = JSON.parse(text);
      } catch {
        unreadable.push(f.name);
      }
    }
  }
  return { body, unreadable };
}

/**
 * The words for one value of a choice: a problem code and a translation status have their own
 * catalog sections, every other field's values are under `choice.<field>`.
 */
export function choiceKey(field: string, value: string): string {
  if (field === 'code') return `problem.${value}`;
  if (field === 'status') return `translationStatus.${value}`;
  return `choice.${field}.${value}`;
}

/** A field's label: the catalog's word for it where there is one, else its name spaced out. */
function label(t: TFunction, name: string): string {
  return t(`bodyField.${name}`, { defaultValue: name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() });
}

/** The inputs of a body form, each with its error beside it. */
export function BodyInputs({ t, fields, values, errors, prefix }: { t: TFunction; fields: readonly BodyField[]; values?: Record<string, unknown> | undefined; errors?: FieldErrors | undefined; prefix: string }) {
  return (
    <>
      {fields.map((f) => {
        const id = `${prefix}-${f.name}`;
        const name = `body.${f.name}`;
        const value = values?.[name];
        const current = typeof value === 'string' ? value : undefined;
        const error = errors?.[f.name];
        const described = error ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {};
        return (
          <label for={id}>
            {label(t, f.name)}
            {f.required ? ' *' : ''}
            {f.kind === 'choice' ? (
              <select id={id} name={name} required={f.required} {...described}>
                {f.required ? null : <option value="">—</option>}
                {f.options!.map((o) => (
                  <option value={o} selected={current === o}>
                    {t(choiceKey(f.name, o), { defaultValue: o })}
                  </option>
                ))}
              </select>
            ) : f.kind === 'boolean' ? (
              <select id={id} name={name} required={f.required} {...described}>
                {f.required ? null : <option value="">—</option>}
                <option value="true" selected={current === 'true'}>
                  {t('common.yes')}
                </option>
                <option value="false" selected={current === 'false'}>
                  {t('common.no')}
                </option>
              </select>
            ) : f.kind === 'json' ? (
              <textarea id={id} name={name} required={f.required} spellcheck={false} {...described}>
                {current ?? ''}
              </textarea>
            ) : (
              <input id={id} name={name} type={f.kind === 'number' ? 'number' : 'text'} value={current} required={f.required} {...described} />
            )}
            {error ? (
              <span class="field-error" id={`${id}-error`}>
                {error}
              </span>
            ) : null}
          </label>
        );
      })}
    </>
  );
}
