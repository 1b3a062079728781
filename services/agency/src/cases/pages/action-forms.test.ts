import { randomBytes } from 'node:crypto';
import { bodySchemas, BUSINESS_TYPES, Directory, EXAMPLE_IDS, exampleBodies, generateAgencyKeys, publicJwk, uuidv7, type DirectorySnapshot, type MessageType } from '@mou-hub/protocol';
import { describeBody, formValues, leaves, readForm, type FormNode } from '@mou-hub/web-kit';
import { advanceCase, allowedActions, CASE_KINDS, CASE_OPENERS, stepFacts, type CaseKind, type CaseState, type Side } from '@mou-hub/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, reach } from '../../../../../packages/workflows/src/test-support.ts';
import { consoleForTest } from '../../http/test-app.ts';
import { insertInbox } from '../../messages/inbox-store.ts';
import { atRestWithKey, type AtRest } from '../../platform/at-rest.ts';
import { applyStep, judgeMessage } from '../case-store.ts';
import { officerActions } from '../rules/sent-by-node.ts';
import { planActionForm, shadowedBy, type ThreadEntry } from '../rules/action-form.ts';
import { agencyUtcOffset } from './body-form.tsx';

// Every (case kind, state, side, officer action): the case page offers a form with inputs, and
// that form, filled with the example values as an officer would type them, is sent (303). On
// a real (temporary) SQLite, through the console's own routes; the node checks each body as
// the recipient will. The cases are placed in each state from the workflows' own PATHS.

/** Actions whose form has no field to fill in (none today): declared, not discovered. */
const FIELDLESS: ReadonlySet<string> = new Set();
const CREATED = new Date(Date.now() - 3 * 86_400_000).toISOString();
const SINCE = '2020-01-01T00:00:00.000Z';
const READ = { utcOffsetMinutes: 420 };

let t: Awaited<ReturnType<typeof consoleForTest>>;
let atRest: AtRest;
let officer: string;

beforeAll(async () => {
  t = await consoleForTest();
  const [th, la] = await Promise.all([generateAgencyKeys('th-msdhs', 't1'), generateAgencyKeys('la-mlsw', 't1')]);
  const keys = (k: typeof th) => [k.sig, k.enc].map((jwk) => ({ kid: jwk.kid, use: jwk.crv === 'Ed25519' ? ('sig' as const) : ('enc' as const), jwk: publicJwk(jwk), notBefore: SINCE }));
  const every = [...BUSINESS_TYPES];
  const snapshot: DirectorySnapshot = {
    version: 1,
    issued: SINCE,
    rootKeys: [],
    agencies: [
      { id: 'la-mlsw', country: 'LA', names: { lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', en: 'MLSW' }, roles: [], keys: keys(la) },
      { id: 'th-msdhs', country: 'TH', names: { th: 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์', en: 'MSDHS' }, roles: [], keys: keys(th) },
    ],
    agreements: [{ id: 'la-th', title: 'Lao PDR - Thailand', parties: ['la-mlsw', 'th-msdhs'], languages: ['lo', 'th', 'en'], send: { 'la-mlsw': every, 'th-msdhs': every }, deadlines: [] }],
  };
  const directory = new Directory(snapshot);
  atRest = atRestWithKey(randomBytes(32));
  Object.assign(t.deps, { atRest, directory: () => directory, wakeRelay: () => {} });
  officer = await t.login('liaison-officer');
}, 60_000);
afterAll(() => t.close());

/** A message from th-msdhs on thread `thid`, as the inbox holds it. */
async function receive(thid: string, type: string, body: unknown, id = uuidv7()): Promise<string> {
  await t.db.transaction().execute((trx) =>
    insertInbox(
      trx,
      { id, from_agency: 'th-msdhs', agreement: 'la-th', type, thid, reply_to: null, lang: 'th', created: CREATED, expires: null, received_at: CREATED, body: JSON.stringify(body), salt: null, stats: null, envelope_hash: `sha256:${id}`, stream_seq: 1 },
      atRest,
    ),
  );
  return id;
}

/** A case of `kind` opened by th-msdhs: this node answers it. */
async function openedThere(kind: CaseKind): Promise<string> {
  const id = uuidv7();
  const type = CASE_OPENERS[kind];
  const step = { id, thid: id, type, from: 'th-msdhs', to: 'la-mlsw', agreement: 'la-th', body: exampleBodies[type], created: CREATED };
  await receive(id, type, exampleBodies[type], id);
  await t.db.transaction().execute(async (trx) => {
    const verdict = await judgeMessage(trx, 'la-mlsw', step);
    if (!verdict.ok) throw new Error(verdict.refusal.code);
    const consent = { given: true, by: 'counterpart', date: CREATED.slice(0, 10), recordedBy: 'th-msdhs', recordedAt: CREATED, source: 'counterpart' } as const;
    await applyStep(trx, { self: 'la-mlsw', atRest, directory: t.deps.directory(), now: new Date() }, step, verdict.change, consent);
  });
  return id;
}

/** Posts `body` through form `nodes` as the officer fills it in; the answer. */
function postForm(path: string, nodes: readonly FormNode[], body: unknown, csrf: string, extra: Record<string, string> = {}) {
  return t.post(path, officer, { _csrf: csrf, lang: 'lo', ...extra, ...formValues(nodes, body, { utcOffsetMinutes: agencyUtcOffset('la-mlsw') }) });
}

/** A case of `kind` opened here, through the new-case form with the example request. */
async function openedHere(kind: CaseKind): Promise<string> {
  const { csrf } = await t.get(`/cases/new?kind=${kind}`, officer);
  const nodes = describeBody(bodySchemas[CASE_OPENERS[kind]]);
  const res = await postForm(`/cases/new?kind=${kind}`, nodes, exampleBodies[CASE_OPENERS[kind]], csrf!, {
    to: 'la-th|th-msdhs',
    '_consent.by': 'self',
    '_consent.date': CREATED.slice(0, 10),
  });
  if (res.status !== 303) throw new Error(`new ${kind}: ${res.status} ${/role="alert">([^<]*)/.exec(await res.text())?.[1]}`);
  return res.headers.get('location')!.split('/').pop()!;
}

/** The persons a case's opening request names. */
function refsOf(kind: CaseKind): string[] {
  const body = exampleBodies[CASE_OPENERS[kind]] as { persons?: { person: { ref: string } }[]; person?: { ref: string } };
  return body.persons?.map((p) => p.person.ref) ?? (body.person ? [body.person.ref] : []);
}

/** Person states to try, first the case's own: the fixture puts the persons where the action can move them. */
const PERSON_STATES = ['alternative-care', 'information-requested', 'with-province', 'requested', 'assessed', 'handover-proposed', 'handover-agreed', 'handed-over'];

/** The machine in state `name` from PATHS, with the case's persons where `body` (of `type`, by `side`) may move them. */
function machineFor(kind: CaseKind, name: string, side: Side, type: string, body: unknown): CaseState {
  const reached = reach(PATHS[kind][name]!);
  const completed = exampleBodies['repatriation.handover.completed'] as { records: unknown[] };
  const memory = name === 'handover-awaiting-countersign' ? { ...reached.memory, records: completed.records.length } : reached.memory;
  const own = name === 'handover-counter-proposed' ? 'handover-proposed' : name;
  const refs = refsOf(kind);
  const machines = [own, ...PERSON_STATES].map((state) => ({
    ...reached,
    memory,
    persons: Object.fromEntries(refs.map((ref) => [ref, { state, returnConsent: true, safeToReturn: true, resumeTo: 'assessed' }])),
  })) as CaseState[];
  return machines.find((m) => advanceCase(m, { type, side, facts: stepFacts(type, body) }).ok) ?? machines[0]!;
}

/** The case placed in `machine`'s state, with a proposal and a completion received on its thread. */
async function placeIn(id: string, kind: CaseKind, machine: CaseState): Promise<void> {
  await t.db.updateTable('cases').set({ machine: JSON.stringify(machine), state: machine.state }).where('id', '=', id).execute();
  if (kind === 'repatriation') {
    await receive(id, 'repatriation.handover.proposal', exampleBodies['repatriation.handover.proposal']);
    await receive(id, 'repatriation.handover.completed', exampleBodies['repatriation.handover.completed']);
  }
}

/** `body` without attachment references: the case has none uploaded here. */
function withoutAttachments(body: unknown): unknown {
  if (Array.isArray(body)) return body.filter((x) => !(x && typeof x === 'object' && 'digest' in x)).map(withoutAttachments);
  if (!body || typeof body !== 'object') return body;
  return Object.fromEntries(Object.entries(body).filter(([, x]) => !(x && typeof x === 'object' && 'digest' in x)).map(([k, x]) => [k, withoutAttachments(x)]));
}

/** The example body of an action's type, made to fit the action where its example is the other option. */
function bodyFor(name: string, type: string): unknown {
  const body = structuredClone(exampleBodies[type as MessageType]) as Record<string, unknown>;
  switch (name) {
    case 'counter-propose-handover':
      return { proposal: body['proposal'], confirmed: false, alternativeDate: '2026-04-02', reason: 'The bridge is closed for the festival that day.' };
    case 'answer-partially':
      return { ...body, completeness: 'partial' };
    case 'answer':
      return { ...body, completeness: 'full' };
    case 'reject-nationality':
      delete body['travelDocument'];
      return { ...body, nationalityConfirmed: false };
    case 'verify-nationality':
      return { ...body, nationalityConfirmed: true };
    case 'revise-nationality':
      return { ...body, revisionReason: 'The family book entry found first was her cousin’s.' };
    default:
      return body;
  }
}

/** The `<form>` of action `name` on a case page. */
function formOf(html: string, name: string): string {
  return new RegExp(`<form[^>]*data-action="${name}"[^>]*>[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
}

/** The inputs an officer fills in (not hidden, not the language of the text, not the CSRF token). */
function inputsOf(form: string): string[] {
  return [...form.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/type="hidden"/.test(tag) && !/name="(lang|_csrf)"/.test(tag));
}

const cells = CASE_KINDS.flatMap((kind) =>
  Object.keys(PATHS[kind]).flatMap((state) => (['initiator', 'responder'] as const).map((side) => [kind, state, side] as const)),
);

describe('a form for every officer action', () => {
  it.each(cells)('%s in %s, the %s side: every open action has inputs and is sent with the example values', async (kind, state, side: Side) => {
    const actions = officerActions(allowedActions(reach(PATHS[kind][state]!), side, { anytime: true }));
    for (const action of actions) {
      const id = side === 'initiator' ? await openedHere(kind) : await openedThere(kind);
      const example = action.name === 'countersign-handover' ? { records: (exampleBodies['repatriation.handover.completed'] as { records: unknown[] }).records } : bodyFor(action.name, action.type);
      const body = withoutAttachments(example);
      const thread = [
        { id: EXAMPLE_IDS.proposal, type: 'repatriation.handover.proposal', direction: 'in', body: null },
        { id: uuidv7(), type: 'repatriation.handover.completed', direction: 'in', body: exampleBodies['repatriation.handover.completed'] },
      ] as ThreadEntry[];
      const sample = reach(PATHS[kind][state]!);
      const planned = planActionForm(sample, side, action, thread);
      const posted = readForm(planned, formValues(planned, body, READ), READ);
      const machine = machineFor(kind, state, side, action.type, posted);
      await placeIn(id, kind, machine);
      const { html, csrf } = await t.get(`/cases/${id}?lang=lo`, officer);
      const form = formOf(html, action.name);
      // An action another one takes here (a note while information is asked for is the answer) has no form of its own.
      if (shadowedBy(machine, side, action)) {
        expect(form, `${action.name}: shadowed, yet a form`).toBe('');
        continue;
      }
      expect(form, `${action.name}: no form`).not.toBe('');
      if (!FIELDLESS.has(action.name)) expect(inputsOf(form).length, `${action.name}: no input`).toBeGreaterThan(0);
      // No text area asks for JSON: each one is a narrative of its body, its page never says JSON.
      const nodes = planActionForm(machine, side, action, thread);
      const narratives = new Set(leaves(nodes).filter((n) => n.kind === 'input' && n.input === 'textarea').map((n) => n.key));
      for (const [, name] of form.matchAll(/<textarea[^>]*name="([^"]+)"/g)) expect(narratives, `${action.name}: ${name}`).toContain(name!.split('.').pop()!.replace(/\[\d+\]$/, ''));
      expect(html).not.toMatch(/JSON/);
      const res = await postForm(`/cases/${id}/actions/${action.name}`, nodes, body, csrf!);
      const alert = /role="alert">([^<]*)/.exec(res.status === 303 ? '' : await res.text())?.[1];
      expect(`${res.status} ${alert ?? ''}`, `${kind} ${state} ${side} ${action.name}`).toBe('303 ');
    }
  }, 60_000);
});
