/**
 * The console's body forms: web-kit's schema-described forms with what the node knows filled
 * in (the officer's name and agency, the agencies named from the directory, the case's
 * attachments, the local clock), and the field problems of a refusal worded beside each field.
 */
import { agencyName, FormInputs, readForm, type FormNode, type PostedForm, type ReadOptions } from '@mou-hub/web-kit';
import type { PageContext } from '../../console/context.ts';
import type { FieldErrors } from '../../console/forms.tsx';
import type { AppDeps } from '../../http/deps.ts';

/** Minutes east of UTC of an agency's country (no daylight saving in any of them). */
export function agencyUtcOffset(agency: string): number {
  return agency.startsWith('cn-') ? 480 : 420;
}

/** What a body form is drawn and read with at one agency. */
export interface FormSetting {
  /** Agencies to pick from, by their names in the reader's language. */
  agencies: { id: string; label: string }[];
  /** The case's attachments to pick from (an evidence list, a signed form). */
  attachments: { name: string; label: string; ref: unknown }[];
  /** The officer's name and agency, filled into every officer block. */
  officer: { name: string; agency: string };
  /** How the posted fields are read (the clock's offset, the attachments by name). */
  read: ReadOptions;
}

/**
 * The setting of a form for the officer named `officerName` on this node; `attachments` those of
 * the case, if any. With `agreement` (a case's), the agency pickers offer that agreement's
 * parties only: the agencies a message under it can name (and no other script's font to load).
 */
export function formSetting(deps: AppDeps, pc: PageContext, officerName: string, attachments: readonly { name: string; mediaType: string; size: number; digest?: string | undefined; direction?: string }[] = [], agreement?: string): FormSetting {
  const directory = deps.directory().snapshot;
  const parties = agreement === undefined ? undefined : directory.agreements.find((a) => a.id === agreement)?.parties;
  const agencies = directory.agencies
    .filter((a) => parties === undefined || parties.includes(a.id))
    .map((a) => ({ id: a.id, label: agencyName(directory, a.id, pc.lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, pc.lang));
  // Only what this node sent can be named in a message (the recipient fetches it from here).
  const refs = attachments
    .filter((a) => a.digest !== undefined && a.direction !== 'in')
    .map((a) => ({ name: a.name, label: `${a.mediaType} · ${pc.t('quarantine.bytes', { size: pc.number(a.size) })}`, ref: { name: a.name, digest: a.digest, size: a.size, mediaType: a.mediaType } }));
  return {
    agencies,
    attachments: refs,
    officer: { name: officerName, agency: deps.agency },
    read: { utcOffsetMinutes: agencyUtcOffset(deps.agency), attachment: (name) => refs.find((a) => a.name === name)?.ref },
  };
}

/** Input names of every officer block (`name`, `agency`) in `nodes`, first row of a list of them included. */
function officerBlocks(nodes: readonly FormNode[], prefix = ''): string[] {
  return nodes.flatMap((n): string[] => {
    const name = prefix === '' ? n.key : `${prefix}.${n.key}`;
    if (n.kind === 'group') {
      const keys = new Set(n.fields.map((f) => f.key));
      return keys.has('name') && keys.has('agency') ? [name] : officerBlocks(n.fields, name);
    }
    if (n.kind === 'list' && n.item.kind === 'group') {
      const keys = new Set(n.item.fields.map((f) => f.key));
      return keys.has('name') && keys.has('agency') ? [`${name}[0]`] : [];
    }
    return [];
  });
}

/**
 * Values filled in before the officer types: their own name and agency in each officer block
 * (who requests, who escorts, who hands over). The officer may change them.
 */
export function officerDefaults(nodes: readonly FormNode[], officer: FormSetting['officer']): Record<string, string> {
  return Object.fromEntries(officerBlocks(nodes).flatMap((block) => [[`${block}.name`, officer.name], [`${block}.agency`, officer.agency]]));
}

/** A person's reference in the case (`P1`): the node numbers the persons an officer leaves unnumbered. */
function numberPersons(body: Record<string, unknown>, existing: readonly string[]): void {
  const persons: Record<string, unknown>[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, value] of Object.entries(x)) {
        if (k === 'person' && value && typeof value === 'object' && !Array.isArray(value)) persons.push(value as Record<string, unknown>);
        else walk(value);
      }
    }
  };
  walk(body);
  const taken = new Set([...existing, ...persons.map((p) => p['ref']).filter((r) => typeof r === 'string')]);
  let n = 0;
  for (const person of persons) {
    if (person['ref'] !== undefined) continue;
    do n += 1;
    while (taken.has(`P${n}`));
    person['ref'] = `P${n}`;
  }
}

/** The body a body form posted; persons left unnumbered are numbered (`P1`, `P2`…) after the case's `existing` ones. */
export function readBody(nodes: readonly FormNode[], form: PostedForm, setting: FormSetting, existing: readonly string[] = []): Record<string, unknown> {
  const body = readForm(nodes, form, setting.read);
  numberPersons(body, existing);
  return body;
}

/** The form with a person's reference optional: the node numbers the persons left without one. */
export function withOptionalPersonRefs(nodes: readonly FormNode[]): FormNode[] {
  return nodes.map((n): FormNode => {
    if (n.kind === 'group') {
      const fields = n.key === 'person' ? n.fields.map((f) => (f.key === 'ref' ? { ...f, required: false } : f)) : n.fields;
      return { ...n, fields: withOptionalPersonRefs(fields) };
    }
    if (n.kind === 'list') return { ...n, item: withOptionalPersonRefs([n.item])[0]! };
    if (n.kind === 'variant') return { ...n, options: n.options.map((o) => ({ ...o, fields: withOptionalPersonRefs(o.fields) })) };
    return n;
  });
}

/** The name officer `username` goes by (their display name, else the username), filled into officer blocks. */
export async function officerName(deps: AppDeps, username: string): Promise<string> {
  const row = await deps.db.selectFrom('users').select('display_name').where('username', '=', username).executeTakeFirst();
  return row?.display_name || username;
}

/** The inputs of a body form (inside the page's `<form>`), each problem beside its field. */
export function BodyForm(props: {
  pc: PageContext;
  nodes: readonly FormNode[];
  formId: string;
  setting: FormSetting;
  values?: PostedForm | undefined;
  errors?: FieldErrors | undefined;
  defaults?: Record<string, string | string[]> | undefined;
  add?: string | undefined;
}) {
  const { pc, nodes, setting } = props;
  const view = {
    t: pc.t,
    formId: props.formId,
    values: props.values,
    errors: props.errors,
    defaults: { ...officerDefaults(nodes, setting.officer), ...props.defaults },
    agencies: setting.agencies,
    attachments: setting.attachments,
    add: props.add,
  };
  return <FormInputs view={view} nodes={nodes} />;
}
