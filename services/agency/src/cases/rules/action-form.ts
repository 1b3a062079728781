/**
 * The form of one case action, planned from the body schema and the case's workflow: where two
 * actions share a message type (confirm or counter-propose a handover, answer in part or in
 * full), each action's form offers only its own options; ids the node knows (the proposal
 * answered, the completion countersigned) are filled in by the node, never typed. Pure.
 */
import { bodySchemas, exampleBodies, type MessageType } from '@mou-hub/protocol';
import { describeBody, type FormNode } from '@mou-hub/web-kit';
import { advanceCase, stepFacts, type CaseState, type Side } from '@mou-hub/workflows';

/** A message of the case's thread, as the case view lists them. */
export interface ThreadEntry {
  readonly id: string;
  readonly type: string;
  readonly direction: 'in' | 'out';
  readonly body: unknown;
}

/** The values of a switch field (a top-level choice, yes/no or variant) the form may offer. */
function switchValues(node: FormNode): { value: string; literal: unknown }[] {
  if (node.kind === 'variant') return node.options.map((o) => ({ value: o.value, literal: o.literal }));
  if (node.kind === 'choice') return node.options.map((o) => ({ value: o, literal: o }));
  if (node.kind === 'boolean') return [true, false].map((b) => ({ value: String(b), literal: b }));
  return [];
}

/** The rule a body with `key` set to `literal` would apply, from the counts it carries (as the audit judges). */
function actionFor(machine: CaseState, side: Side, type: string, key: string, discriminator: string | undefined, literal: unknown): string | undefined {
  const example = structuredClone(exampleBodies[type as MessageType]) as Record<string, unknown>;
  const probe = key === '' ? { ...example, [discriminator!]: literal } : { ...example, [key]: literal };
  const result = advanceCase(machine, { type, side, facts: { counts: stepFacts(type, probe).counts } });
  return result.ok ? result.action : undefined;
}

/** `node` keeping only `values`; a single value left becomes a constant the form does not ask for. */
function restrict(node: FormNode, values: readonly { value: string; literal: unknown }[]): FormNode {
  if (node.kind === 'variant') return { ...node, options: node.options.filter((o) => values.some((v) => v.value === o.value)) };
  if (values.length === 1) return { key: node.key, required: node.required, kind: 'constant', literal: values[0]!.literal };
  if (node.kind === 'choice') return { ...node, options: node.options.filter((o) => values.some((v) => v.value === o)) };
  return node;
}

/**
 * The top-level fields of `type`'s form for action `name`: a switch field whose values lead to
 * different actions keeps those of `name` only.
 * @example actionFields(machine, 'responder', 'confirm-handover', 'repatriation.handover.confirmation')
 *   // one variant node with the `confirmed: true` option only
 */
export function actionFields(machine: CaseState, side: Side, name: string, type: string): FormNode[] {
  const nodes = describeBody(bodySchemas[type as MessageType]);
  return nodes.flatMap((node): FormNode[] => {
    if (node.kind === 'input' && !node.required) return presenceDecides(machine, side, name, type, node);
    const values = switchValues(node);
    if (values.length < 2) return [node];
    const discriminator = node.kind === 'variant' ? node.discriminator : undefined;
    const led = values.map((v) => ({ ...v, action: actionFor(machine, side, type, node.key, discriminator, v.literal) }));
    const actions = new Set(led.map((v) => v.action).filter((a) => a !== undefined));
    if (!actions.has(name)) return [node];
    // A flag only this action sets: set, not asked. Otherwise a switch between actions.
    const flag = node.kind === 'boolean' && !node.required && led.every((v) => v.action === name || v.action === undefined);
    if (actions.size < 2 && !flag) return [node];
    return [restrict(node, led.filter((v) => v.action === name))];
  });
}

/**
 * An optional text whose presence decides the action (a revision's reason makes a finding a
 * revision): required in the action it leads to, left out of the others.
 */
function presenceDecides(machine: CaseState, side: Side, name: string, type: string, node: FormNode): FormNode[] {
  const given = actionFor(machine, side, type, node.key, undefined, 'probe');
  const absent = actionFor(machine, side, type, node.key, undefined, undefined);
  if (given === absent) return [node];
  if (given === name) return [{ ...node, required: true }];
  return absent === name ? [] : [node];
}

/**
 * The action the example body of `action`'s form leads to instead, when another action of the
 * same type takes it in this state (a note while information is asked for is the answer):
 * the page offers that action's form only.
 */
export function shadowedBy(machine: CaseState, side: Side, action: { name: string; type: string }): string | undefined {
  const constants = Object.fromEntries(
    actionFields(machine, side, action.name, action.type).flatMap((n) => (n.kind === 'constant' ? [[n.key, n.literal]] : n.kind === 'variant' && n.key === '' && n.options.length === 1 ? [[n.discriminator, n.options[0]!.literal]] : [])),
  );
  const probe = { ...(structuredClone(exampleBodies[action.type as MessageType]) as Record<string, unknown>), ...constants };
  const result = advanceCase(machine, { type: action.type, side, facts: { counts: stepFacts(action.type, probe).counts } });
  return result.ok && result.action !== action.name ? result.action : undefined;
}

/** The latest entry of `type` in the thread, optionally only those matching `when`. */
function latest(thread: readonly ThreadEntry[], type: string, when: (e: ThreadEntry) => boolean = () => true): ThreadEntry | undefined {
  return [...thread].reverse().find((e) => e.type === type && when(e));
}

const isCountersign = (e: ThreadEntry): boolean => typeof (e.body as { countersigns?: unknown } | null)?.countersigns === 'string';

/**
 * What the node fills in for action `name` from the thread, by top-level field: the proposal a
 * confirmation or completion answers, and for a countersign the host's completion it signs
 * (`undefined`: left out, e.g. no `countersigns` on the host's own completion).
 */
export function nodeFilled(name: string, type: string, thread: readonly ThreadEntry[]): Record<string, string | undefined> {
  if (type !== 'repatriation.handover.confirmation' && type !== 'repatriation.handover.completed') return {};
  const proposal = latest(thread, 'repatriation.handover.proposal')?.id;
  if (type === 'repatriation.handover.confirmation') return { proposal };
  if (name === 'countersign-handover') {
    return { proposal, countersigns: latest(thread, 'repatriation.handover.completed', (e) => e.direction === 'in' && !isCountersign(e))?.id };
  }
  return { proposal, countersigns: undefined };
}

/** The host's records a countersign repeats: those of the latest completion received. */
export function recordsToCountersign(thread: readonly ThreadEntry[]): unknown[] {
  const completion = latest(thread, 'repatriation.handover.completed', (e) => e.direction === 'in' && !isCountersign(e));
  const records = (completion?.body as { records?: unknown[] } | undefined)?.records;
  return Array.isArray(records) ? records : [];
}

/**
 * The form of action `name`: its fields for this action, with what the node fills in made
 * constant (not asked, and taken from the node, not the browser, when the form is read).
 */
export function planActionForm(machine: CaseState, side: Side, action: { name: string; type: string }, thread: readonly ThreadEntry[]): FormNode[] {
  const filled = nodeFilled(action.name, action.type, thread);
  return actionFields(machine, side, action.name, action.type).flatMap((node): FormNode[] => {
    if (!Object.hasOwn(filled, node.key)) return [withFilledVariant(node, filled)];
    const value = filled[node.key];
    return value === undefined ? [] : [{ key: node.key, required: node.required, kind: 'constant', literal: value }];
  });
}

/** A body that is a variant (the confirmation): its options' fields filled the same way. */
function withFilledVariant(node: FormNode, filled: Record<string, string | undefined>): FormNode {
  if (node.kind !== 'variant' || node.key !== '') return node;
  const fill = (f: FormNode): FormNode[] => {
    if (!Object.hasOwn(filled, f.key)) return [f];
    const value = filled[f.key];
    return value === undefined ? [] : [{ key: f.key, required: f.required, kind: 'constant', literal: value }];
  };
  return { ...node, options: node.options.map((o) => ({ ...o, fields: o.fields.flatMap(fill) })) };
}
