/**
 * Draws a described form as plain HTML inputs that work without JavaScript: a date picker for
 * a date, a text area for a narrative, a picker for a code list labelled in the reader's
 * language, a fieldset per group, numbered rows with an "add another" button (a round trip
 * to the server) for a repeatable group, and radio buttons to choose a variant's option.
 */
import type { TFunction } from 'i18next';
import type { Child } from 'hono/jsx';
import type { FormNode } from './describe.ts';
import { codeLabel, fieldLabel } from './labels.ts';
import { childName, childPath, inputId, itemName, optionName } from './names.ts';
import type { PostedForm } from './read.ts';

/** The name of the submit button that asks for one more row of a list (its value: the list's input name). */
export const ADD_ROW = '_add';

/** What a form is drawn with. */
export interface FormView {
  readonly t: TFunction;
  /** Prefix of the inputs' ids, unique on the page. */
  readonly formId: string;
  /** What was posted, shown again after a refusal (by input name). */
  readonly values?: PostedForm | undefined;
  /** Values filled in before the officer types (their name, their agency), by input name. */
  readonly defaults?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /** Field problems in the reader's words, by dot path. */
  readonly errors?: Readonly<Record<string, string>> | undefined;
  /** Dot paths the node fills itself (a proposal's id, the thread): not asked for. */
  readonly fixed?: ReadonlySet<string> | undefined;
  /** Agencies to pick from, named in the reader's language. */
  readonly agencies?: readonly { readonly id: string; readonly label: string }[] | undefined;
  /** The case's attachments to pick from (by name), with a label. */
  readonly attachments?: readonly { readonly name: string; readonly label: string }[] | undefined;
  /** The list (input name) the officer asked one more row of. */
  readonly add?: string | undefined;
}

interface At {
  readonly name: string;
  readonly path: string;
  /** Whether the browser may insist on it (every group above it is required). */
  readonly required: boolean;
}

const asList = (x: unknown): string[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]).filter((v): v is string => typeof v === 'string');

function current(view: FormView, name: string): string[] {
  const posted = view.values?.[name];
  return posted !== undefined ? asList(posted) : asList(view.defaults?.[name]);
}

/** How many rows list `name` shows: what was posted or filled in, at least one and `min`, one more when asked. */
function rowCount(view: FormView, node: Extract<FormNode, { kind: 'list' }>, name: string): number {
  let highest = -1;
  for (const source of [view.values ?? {}, view.defaults ?? {}]) {
    for (const key of Object.keys(source)) {
      const m = key.startsWith(`${name}[`) ? /^(\d{1,3})\]/.exec(key.slice(name.length + 1)) : null;
      if (m) highest = Math.max(highest, Number(m[1]));
    }
  }
  const rows = Math.max(highest + 1, node.min, 1) + (view.add === name ? 1 : 0);
  return Math.min(rows, node.max);
}

function ErrorText({ view, path, id }: { view: FormView; path: string; id: string }) {
  const error = view.errors?.[path];
  return error ? (
    <span class="field-error" id={`${id}-error`}>
      {error}
    </span>
  ) : null;
}

function described(view: FormView, path: string, id: string) {
  return view.errors?.[path] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
}

function Scalar({ view, node, at, label }: { view: FormView; node: FormNode; at: At; label: string }) {
  const { t } = view;
  const id = inputId(view.formId, at.name);
  const value = current(view, at.name)[0] ?? '';
  const aria = described(view, at.path, id);
  const mark = at.required ? ' *' : '';
  let control: Child;
  if (node.kind === 'input') {
    if (node.input === 'textarea') {
      control = <textarea id={id} name={at.name} required={at.required} maxlength={node.maxLength} {...aria}>{value}</textarea>;
    } else if (node.input === 'agency' && view.agencies) {
      control = (
        <select id={id} name={at.name} required={at.required} {...aria}>
          <option value="">—</option>
          {view.agencies.map((a) => <option value={a.id} selected={a.id === value}>{a.label}</option>)}
        </select>
      );
    } else {
      const type = node.input === 'agency' || node.input === 'message-id' ? 'text' : node.input;
      control = <input id={id} name={at.name} type={type} value={value} required={at.required} maxlength={node.maxLength} min={node.min} max={node.max} {...aria} />;
    }
  } else if (node.kind === 'boolean') {
    control = (
      <select id={id} name={at.name} required={at.required} {...aria}>
        <option value="">—</option>
        <option value="true" selected={value === 'true'}>{t('common.yes')}</option>
        <option value="false" selected={value === 'false'}>{t('common.no')}</option>
        {node.nullable ? <option value="null" selected={value === 'null'}>{t('form.notYetKnown')}</option> : null}
      </select>
    );
  } else if (node.kind === 'attachment') {
    control = (
      <select id={id} name={at.name} required={at.required} {...aria}>
        <option value="">—</option>
        {(view.attachments ?? []).map((a) => <option value={a.name} selected={a.name === value}>{a.label}</option>)}
      </select>
    );
  } else if (node.kind === 'choice') {
    control = (
      <select id={id} name={at.name} required={at.required} {...aria}>
        <option value="">—</option>
        {node.options.map((o) => <option value={o} selected={o === value}>{codeLabel(t, node.list, o)}</option>)}
      </select>
    );
  } else return null;
  return (
    <label for={id}>
      {label}
      {mark}
      {control}
      <ErrorText view={view} path={at.path} id={id} />
    </label>
  );
}

function Choices({ view, node, at, label }: { view: FormView; node: Extract<FormNode, { kind: 'choices' }>; at: At; label: string }) {
  const id = inputId(view.formId, at.name);
  const chosen = new Set(current(view, at.name));
  return (
    <fieldset id={id} {...described(view, at.path, id)}>
      <legend>
        {label}
        {at.required && node.min > 0 ? ' *' : ''}
      </legend>
      {node.options.map((o) => (
        <label class="inline">
          <input type="checkbox" name={at.name} value={o} checked={chosen.has(o)} /> {codeLabel(view.t, node.list, o)}
        </label>
      ))}
      <ErrorText view={view} path={at.path} id={id} />
    </fieldset>
  );
}

function Fields({ view, nodes, name, path, required }: { view: FormView; nodes: readonly FormNode[]; name: string; path: string; required: boolean }) {
  return (
    <>
      {nodes.map((n) => (
        <Node view={view} node={n} at={{ name: childName(name, n.key), path: childPath(path, n.key), required: required && n.required }} />
      ))}
    </>
  );
}

function Variant({ view, node, at, label }: { view: FormView; node: Extract<FormNode, { kind: 'variant' }>; at: At; label: string }) {
  const { t } = view;
  const discName = childName(at.name, node.discriminator);
  const discPath = childPath(at.path, node.discriminator);
  const id = inputId(view.formId, discName);
  // The node fixes the option when an action allows one only (confirm, not counter-propose).
  const only = node.options.length === 1 ? node.options[0] : undefined;
  const chosen = current(view, discName)[0] ?? only?.value;
  const fields = (o: (typeof node.options)[number]) => (
    <Fields view={view} nodes={o.fields} name={optionName(at.name, node.discriminator, o.value)} path={at.path} required={at.required && o === only} />
  );
  if (only) {
    return (
      <>
        <input type="hidden" name={discName} value={only.value} />
        {fields(only)}
      </>
    );
  }
  return (
    <fieldset class="variant" id={id} {...described(view, discPath, id)}>
      <legend>{label || t('form.choose')}</legend>
      <ErrorText view={view} path={discPath} id={id} />
      {node.options.map((o) => (
        <fieldset class="variant-option">
          <legend>
            <label class="inline">
              <input type="radio" name={discName} value={o.value} checked={chosen === o.value} required={at.required} /> {codeLabel(t, node.list, o.value)}
            </label>
          </legend>
          {fields(o)}
        </fieldset>
      ))}
    </fieldset>
  );
}

function List({ view, node, at, label }: { view: FormView; node: Extract<FormNode, { kind: 'list' }>; at: At; label: string }) {
  const { t } = view;
  const rows = rowCount(view, node, at.name);
  const id = inputId(view.formId, at.name);
  return (
    <fieldset class="list" id={id} {...described(view, at.path, id)}>
      <legend>
        {label}
        {at.required && node.min > 0 ? ' *' : ''}
      </legend>
      <ErrorText view={view} path={at.path} id={id} />
      {Array.from({ length: rows }, (_, i) => {
        const item = { name: itemName(at.name, i), path: childPath(at.path, i), required: at.required && i < node.min };
        return node.item.kind === 'group' ? (
          <fieldset class="row">
            <legend>{`${label} ${i + 1}`}</legend>
            <Fields view={view} nodes={node.item.fields} name={item.name} path={item.path} required={item.required} />
          </fieldset>
        ) : (
          <Node view={view} node={node.item} at={item} label={`${label} ${i + 1}`} />
        );
      })}
      {rows < node.max ? (
        <button type="submit" class="secondary" name={ADD_ROW} value={at.name} formnovalidate>
          {t('form.addRow', { label })}
        </button>
      ) : null}
    </fieldset>
  );
}

/** One node of a form at its input name and dot path. */
export function Node({ view, node, at, label }: { view: FormView; node: FormNode; at: At; label?: string }) {
  if (view.fixed?.has(at.path) || node.kind === 'unsupported' || node.kind === 'constant') return null;
  const words = label ?? (node.key === '' ? '' : fieldLabel(view.t, node.key));
  switch (node.kind) {
    case 'group':
      return (
        <fieldset class="group">
          <legend>{words}</legend>
          <ErrorText view={view} path={at.path} id={inputId(view.formId, at.name)} />
          <Fields view={view} nodes={node.fields} name={at.name} path={at.path} required={at.required} />
        </fieldset>
      );
    case 'list':
      return <List view={view} node={node} at={at} label={words} />;
    case 'variant':
      return <Variant view={view} node={node} at={at} label={words} />;
    case 'choices':
      return <Choices view={view} node={node} at={at} label={words} />;
    default:
      return <Scalar view={view} node={node} at={at} label={words} />;
  }
}

/**
 * The inputs of a described body form (without the `<form>` and its buttons).
 * @example <FormInputs view={{ t, formId: 'assess' }} nodes={describeBody(bodySchemas['repatriation.assessment'])} />
 */
export function FormInputs({ view, nodes }: { view: FormView; nodes: readonly FormNode[] }) {
  return <Fields view={view} nodes={nodes} name="" path="" required={true} />;
}
