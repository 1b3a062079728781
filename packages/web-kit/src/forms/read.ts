/**
 * The body a form posted, read with its description: ordinary form fields in, nested data out.
 * Nothing is checked here beyond reading (the body schema does that and names the field):
 * a number that is not one stays text, so the schema refuses it where it was typed.
 */
import type { FormNode } from './describe.ts';
import { childName, itemName, optionName } from './names.ts';

/** Posted fields as Hono's `parseBody({ all: true })` gives them. */
export type PostedForm = Record<string, unknown>;

/** How to read the values that depend on the place: a local date and time is in this offset from UTC. */
export interface ReadOptions {
  /** Minutes east of UTC of the officer's clock (420 for Vientiane, Bangkok and Hanoi). */
  readonly utcOffsetMinutes: number;
  /** The reference of an attachment picked by name, if the case has one of that name. */
  readonly attachment?: ((name: string) => unknown) | undefined;
}

const texts = (raw: unknown): string[] =>
  (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string');
const first = (form: PostedForm, name: string): string => (texts(form[name])[0] ?? '').trim();

/** An RFC 3339 instant as `YYYY-MM-DDTHH:MM` on a clock `offset` minutes east of UTC (a datetime-local value). */
export function utcToLocal(instant: string, offsetMinutes: number): string | undefined {
  const at = Date.parse(instant);
  return Number.isNaN(at) ? undefined : new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

/** `YYYY-MM-DDTHH:MM` on a clock `offset` minutes east of UTC, as an RFC 3339 UTC instant. */
export function localToUtc(local: string, offsetMinutes: number): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi) - offsetMinutes * 60_000);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The indexes of list `name` present in the form, in order. */
function indexes(form: PostedForm, name: string): number[] {
  const found = new Set<number>();
  const prefix = `${name}[`;
  for (const key of Object.keys(form)) {
    if (!key.startsWith(prefix)) continue;
    const n = Number(/^(\d{1,3})\]/.exec(key.slice(prefix.length))?.[1]);
    if (Number.isInteger(n)) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

function readInput(node: Extract<FormNode, { kind: 'input' }>, text: string, opts: ReadOptions): unknown {
  if (text === '') return undefined;
  if (node.input === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (node.input === 'datetime-local') return localToUtc(text, opts.utcOffsetMinutes) ?? text;
  return text;
}

/** The fields of a group, leaving out those not given; `undefined` when none was. */
function readFields(nodes: readonly FormNode[], form: PostedForm, prefix: string, opts: ReadOptions): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const node of nodes) {
    const value = readNode(node, form, childName(prefix, node.key), opts);
    if (value !== undefined) out[node.key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The value of one node named `name`, `undefined` when nothing was given. */
function readNode(node: FormNode, form: PostedForm, name: string, opts: ReadOptions): unknown {
  switch (node.kind) {
    case 'input':
      return readInput(node, first(form, name), opts);
    case 'boolean': {
      const text = first(form, name);
      if (text === 'null' && node.nullable) return null;
      return text === 'true' ? true : text === 'false' ? false : undefined;
    }
    case 'choice':
      return first(form, name) || undefined;
    case 'choices': {
      const chosen = texts(form[name]).map((x) => x.trim()).filter(Boolean);
      return chosen.length > 0 ? chosen : undefined;
    }
    case 'group':
      // Nothing typed in a group leaves it out: a required one is then reported missing as a whole.
      return readFields(node.fields, form, name, opts);
    case 'constant':
      return node.literal;
    case 'list': {
      const items = indexes(form, name)
        .map((i) => readNode(node.item, form, itemName(name, i), opts))
        .filter((x) => x !== undefined);
      return items.length > 0 ? items : node.required ? [] : undefined;
    }
    case 'variant': {
      const chosen = first(form, childName(name, node.discriminator));
      const option = node.options.find((o) => o.value === chosen);
      if (!option) return undefined;
      const fields = readFields(option.fields, form, optionName(name, node.discriminator, option.value), opts) ?? {};
      return { [node.discriminator]: option.literal, ...fields };
    }
    case 'attachment': {
      const picked = first(form, name);
      return picked === '' ? undefined : (opts.attachment?.(picked) ?? { name: picked });
    }
    case 'unsupported':
      return undefined;
  }
}

/**
 * The body of a form described by `nodes` (from `describeBody`).
 * @example readForm(describeBody(bodySchemas['case.note']), { text: 'Called the shelter.' }, { utcOffsetMinutes: 420 })
 *   // { text: 'Called the shelter.' }
 */
export function readForm(nodes: readonly FormNode[], form: PostedForm, opts: ReadOptions): Record<string, unknown> {
  const [only] = nodes;
  if (nodes.length === 1 && only?.kind === 'variant' && only.key === '') {
    return (readNode(only, form, '', opts) as Record<string, unknown> | undefined) ?? {};
  }
  return readFields(nodes, form, '', opts) ?? {};
}

/**
 * The form fields that post `body` back (the inverse of {@link readForm}): to fill a form in
 * with what is known (the host's handover records a countersign repeats).
 * @example formValues(describeBody(bodySchemas['case.note']), { text: 'Hello' }, opts) // { text: 'Hello' }
 */
export function formValues(nodes: readonly FormNode[], body: unknown, opts: ReadOptions): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const put = (node: FormNode, value: unknown, at: string): void => {
    if (value === undefined || node.kind === 'constant' || node.kind === 'unsupported') return;
    switch (node.kind) {
      case 'group':
        for (const f of node.fields) put(f, (value as Record<string, unknown>)[f.key], childName(at, f.key));
        return;
      case 'list':
        (value as unknown[]).forEach((x, i) => put(node.item, x, itemName(at, i)));
        return;
      case 'variant': {
        const chosen = String((value as Record<string, unknown>)[node.discriminator]);
        out[childName(at, node.discriminator)] = chosen;
        const option = node.options.find((o) => o.value === chosen);
        for (const f of option?.fields ?? []) put(f, (value as Record<string, unknown>)[f.key], childName(optionName(at, node.discriminator, chosen), f.key));
        return;
      }
      case 'choices':
        out[at] = (value as unknown[]).map(String);
        return;
      case 'attachment':
        out[at] = String((value as { name?: unknown }).name ?? '');
        return;
      case 'input':
        out[at] = node.input === 'datetime-local' ? (utcToLocal(String(value), opts.utcOffsetMinutes) ?? String(value)) : String(value);
        return;
      default:
        out[at] = String(value);
    }
  };
  for (const n of nodes) put(n, n.key === '' ? body : (body as Record<string, unknown> | undefined)?.[n.key], n.key);
  return out;
}
