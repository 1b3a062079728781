/**
 * A form described from a valibot schema: which input each field needs (a date, a text area, a
 * picker of a code list, a repeatable group, a choice between variants). Pure: the same schema
 * always gives the same description, so a body type added to the protocol gets its form
 * without a change here. `renderForm` draws it; `readForm` turns the posted fields back into a body.
 */
import { AGENCY_ID, AttachmentRef, codeListOf, RULES, UUID_V7 } from '@mou-hub/protocol';

/** How a single value is typed in. */
export type InputType = 'text' | 'textarea' | 'date' | 'time' | 'datetime-local' | 'number' | 'tel' | 'agency' | 'message-id';

interface Base {
  /** The entry's key in its object (`givenName`); `''` for a list's item. */
  readonly key: string;
  /** False when the entry may be left out (`v.optional`). */
  readonly required: boolean;
}

/** One field of a form. */
export type FormNode = Base &
  (
    | { readonly kind: 'input'; readonly input: InputType; readonly maxLength?: number; readonly min?: number; readonly max?: number }
    | { readonly kind: 'boolean'; readonly nullable: boolean }
    /** One value of a code list (`list` names it in the catalogs: `choice.<list>.<value>`). */
    | { readonly kind: 'choice'; readonly list: string; readonly options: readonly string[] }
    /** Any number of values of a code list, each once. */
    | { readonly kind: 'choices'; readonly list: string; readonly options: readonly string[]; readonly min: number }
    | { readonly kind: 'group'; readonly fields: readonly FormNode[] }
    /** A repeatable group (`add person`), `min` to `max` times. */
    | { readonly kind: 'list'; readonly item: FormNode; readonly min: number; readonly max: number }
    /** First choose one option by `discriminator`, then fill that option's fields. */
    | { readonly kind: 'variant'; readonly discriminator: string; readonly list: string; readonly options: readonly VariantOption[] }
    /** A value the schema fixes (`status: 'accepted'`): nothing to ask. */
    | { readonly kind: 'constant'; readonly literal: unknown }
    /** One of the case's attachments, picked by name; the node fills in its digest, size and type. */
    | { readonly kind: 'attachment' }
    /** A value the form cannot ask for: left to the node or to the API (a test keeps it optional). */
    | { readonly kind: 'unsupported' }
  );

/** One option of a variant: the discriminator's value (as text and as the literal) and the fields it adds. */
export interface VariantOption {
  readonly value: string;
  readonly literal: unknown;
  readonly fields: readonly FormNode[];
}

/** The parts of a valibot schema the walk reads. */
interface Schema {
  type: string;
  kind?: string;
  entries?: Record<string, Schema>;
  wrapped?: Schema;
  item?: Schema;
  options?: readonly unknown[];
  literal?: unknown;
  key?: string;
  pipe?: readonly Schema[];
  requirement?: unknown;
  message?: unknown;
}

/** A schema without its pipe, and every action of its (nested) pipes. */
function unpiped(schema: Schema): { base: Schema; actions: Schema[] } {
  if (!schema.pipe) return { base: schema, actions: [] };
  const [first, ...rest] = schema.pipe;
  const inner = first && first !== schema && first.pipe ? unpiped(first) : { base: first ?? schema, actions: [] };
  return { base: inner.base, actions: [...inner.actions, ...rest] };
}

const requirementOf = (actions: Schema[], type: string): unknown => actions.find((a) => a.type === type)?.requirement;
const numberOf = (actions: Schema[], type: string): number | undefined => {
  const r = requirementOf(actions, type);
  return typeof r === 'number' ? r : undefined;
};
const hasRule = (actions: Schema[], code: keyof typeof RULES): boolean => actions.some((a) => a.message === RULES[code].message);
const sameRegex = (actions: Schema[], re: RegExp): boolean =>
  actions.some((a) => a.type === 'regex' && a.requirement instanceof RegExp && a.requirement.source === re.source);

/** Texts longer than this are narratives, typed in a text area. */
export const TEXTAREA_FROM = 500;

function stringInput(actions: Schema[]): { input: InputType; maxLength?: number } {
  const maxLength = numberOf(actions, 'max_length');
  const withMax = maxLength === undefined ? {} : { maxLength };
  if (hasRule(actions, 'date-format')) return { input: 'date' };
  if (hasRule(actions, 'time-format')) return { input: 'time' };
  if (hasRule(actions, 'timestamp-format')) return { input: 'datetime-local' };
  if (hasRule(actions, 'phone-number')) return { input: 'tel' };
  if (sameRegex(actions, AGENCY_ID)) return { input: 'agency' };
  if (sameRegex(actions, UUID_V7)) return { input: 'message-id' };
  return { input: maxLength !== undefined && maxLength > TEXTAREA_FROM ? 'textarea' : 'text', ...withMax };
}

const strings = (xs: readonly unknown[] | undefined): string[] => (xs ?? []).map(String);

/**
 * The form node of `schema` under `key`.
 * @example describeField('urgency', v.picklist(['normal', 'urgent'])) // { kind: 'choice', list: 'urgency', … }
 */
export function describeField(key: string, schema: unknown, required = true): FormNode {
  let s = schema as Schema;
  let nullable = false;
  while (['optional', 'exact_optional', 'nullish', 'nullable', 'undefinedable'].includes(s.type) && s.wrapped) {
    if (s.type === 'nullable' || s.type === 'nullish') nullable = true;
    if (s.type !== 'nullable') required = false;
    s = s.wrapped;
  }
  if (s === (AttachmentRef as unknown)) return { key, required, kind: 'attachment' };
  const { base, actions } = unpiped(s);
  const at = { key, required };
  switch (base.type) {
    case 'string':
      return { ...at, kind: 'input', ...stringInput(actions) };
    case 'number': {
      const min = numberOf(actions, 'min_value');
      const max = numberOf(actions, 'max_value');
      return { ...at, kind: 'input', input: 'number', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
    }
    case 'boolean':
      return { ...at, kind: 'boolean', nullable };
    case 'literal':
      return { ...at, kind: 'constant', literal: base.literal };
    case 'picklist': {
      const options = strings(base.options);
      return { ...at, kind: 'choice', list: codeListOf(options) ?? key, options };
    }
    case 'object':
    case 'strict_object':
    case 'loose_object':
      return { ...at, kind: 'group', fields: describeEntries(base) };
    case 'array': {
      const item = unpiped(base.item!).base;
      const min = numberOf(actions, 'min_length') ?? 0;
      const max = numberOf(actions, 'max_length') ?? 100;
      if (item.type === 'picklist') {
        const options = strings(item.options);
        return { ...at, kind: 'choices', list: codeListOf(options) ?? key, options, min };
      }
      return { ...at, kind: 'list', item: describeField('', base.item, true), min, max };
    }
    case 'variant': {
      const discriminator = base.key!;
      // An option's discriminator is a literal, or a picklist (each known checkpoint): one option per value.
      const options = (base.options as Schema[]).flatMap((o) => {
        const d = o.entries?.[discriminator];
        const literals = d?.type === 'picklist' ? [...(d.options ?? [])] : [d?.literal];
        const fields = describeEntries(o).filter((f) => f.key !== discriminator);
        return literals.map((literal) => ({ value: String(literal), literal, fields }));
      });
      const values = options.map((o) => o.value);
      return { ...at, kind: 'variant', discriminator, list: codeListOf(values) ?? discriminator, options };
    }
    default:
      return { ...at, kind: 'unsupported' };
  }
}

/** The fields of an object schema (piped or not), in the schema's order. */
function describeEntries(schema: Schema): FormNode[] {
  const { base } = unpiped(schema);
  return Object.entries(base.entries ?? {}).map(([key, entry]) => describeField(key, entry));
}

/**
 * The form of a message body: its top-level fields, or, for a body that is a variant, one
 * variant node (choose an option, then its fields).
 * @example describeBody(bodySchemas['case.closed']) // [{ kind: 'variant', discriminator: 'status', … }]
 */
export function describeBody(schema: unknown): FormNode[] {
  const { base } = unpiped(schema as Schema);
  return base.type === 'variant' ? [describeField('', schema)] : describeEntries(base);
}

/** Every input-bearing node of a description, depth first (for tests and counts). */
export function leaves(nodes: readonly FormNode[]): FormNode[] {
  return nodes.flatMap((n): FormNode[] => {
    if (n.kind === 'group') return leaves(n.fields);
    if (n.kind === 'list') return leaves([n.item]);
    if (n.kind === 'variant') return [n, ...n.options.flatMap((o) => leaves(o.fields))];
    return [n];
  });
}
