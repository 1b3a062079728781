/**
 * Check 14 of PROTOCOL.md (`invalid-state`) for this node: the same judgement at the sender's
 * API and at the recipient's inbox. A case thread runs its shared workflow (`@mou-hub/workflows`)
 * and admits only its two parties under its agreement; a thread opened by a `case.note` keeps
 * the transport's rules (`thread-rules.ts`), among the same two parties.
 */
import { isProtocolType } from '@mou-hub/protocol';
import { advanceCase, caseKindOf, otherSide, startCase, stepFacts, type CaseKind, type CaseState, type Party, type Side, type StepFacts } from '@mou-hub/workflows';
import { checkThreadStep, type ThreadFacts } from './thread-rules.ts';

/** Refusals this node adds to the workflows' own: the thread is not the sender's, or not known. */
export type NodeRefusalCode = 'not-a-party' | 'unknown-thread' | 'transport-rule';

/** Why a step is refused: a code and its parameters (the workflows' codes, or the node's). */
export interface StepRefusal {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/** A case as check 14 needs it. */
export interface CaseFacts {
  readonly id: string;
  readonly kind: CaseKind;
  readonly agreement: string;
  readonly counterpart: string;
  /** This node's side. */
  readonly role: Side;
  readonly machine: CaseState;
  /** The home side's consular party and the focal point beside it, when the case has three parties. */
  readonly consular?: ConsularParties | undefined;
}

/** A third party on the home (responder) side (issue 16): the embassy beside the home focal point. */
export interface ConsularParties {
  readonly agency: string;
  readonly focalPoint: string;
}

/** Where an agency stands in a case: its side, and which agency of that side it is. */
export interface CaseParty {
  readonly side: Side;
  readonly party: Party;
}

/**
 * The side and party of `agency` in a case held by `self`, or undefined when it is no party:
 * `self` and its counterpart are their sides' focal points, unless the case names `self` as the
 * home side's consular party; a case with a consular party has both home agencies on the responder side.
 * @example partyIn('cn-mps', record, 'la-emb-beijing') // { side: 'responder', party: 'consular' }
 */
export function partyIn(self: string, record: Pick<CaseFacts, 'role' | 'counterpart' | 'consular'>, agency: string): CaseParty | undefined {
  const home = record.consular;
  if (home && agency === home.agency) return { side: 'responder', party: 'consular' };
  if (home && agency === home.focalPoint) return { side: 'responder', party: 'focal-point' };
  if (agency === self) return { side: record.role, party: 'focal-point' };
  if (agency === record.counterpart) return { side: otherSide(record.role), party: 'focal-point' };
  return undefined;
}

/** Every party of a case but `self`: where a step of this node goes (its counterpart first). */
export function otherParties(self: string, record: Pick<CaseFacts, 'counterpart' | 'consular'>): string[] {
  const all = [record.counterpart, record.consular?.focalPoint, record.consular?.agency];
  return [...new Set(all.filter((a): a is string => a !== undefined && a !== self))];
}

/** A thread without a case (opened by a note): its agreement and the other party, when known. */
export interface PlainThread extends ThreadFacts {
  readonly agreement?: string;
  readonly counterpart?: string;
}

/** The message whose step is judged, sent or received. */
export interface StepMessage {
  readonly id: string;
  readonly thid: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly agreement: string;
  /** The clear body, valid for its type. */
  readonly body: unknown;
  /** The case reference the thread's first message carries (`LA-TH-2026-0042`). */
  readonly ref?: string | undefined;
}

/** What the step does to this node's records. */
export type CaseChange =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'open';
      readonly caseKind: CaseKind;
      readonly role: Side;
      readonly counterpart: string;
      readonly state: CaseState;
      readonly facts: StepFacts;
      /** The home side's consular party the opening request names, and which of the two `self` is. */
      readonly consular?: (ConsularParties & { readonly mine: Party }) | undefined;
    }
  | { readonly kind: 'advance'; readonly state: CaseState; readonly facts: StepFacts; readonly side: Side; readonly action: string };

/** The verdict: the change to make, or why not. */
export type StepVerdict = { readonly ok: true; readonly change: CaseChange } | { readonly ok: false; readonly refusal: StepRefusal };

/** What a thread without a case carries: talk, closing, translation. */
const PLAIN_THREAD_TYPES: ReadonlySet<string> = new Set(['case.note', 'case.closed', 'translation.status']);

const refuse = (code: string, params: Record<string, string | number | boolean>): StepVerdict => ({ ok: false, refusal: { code, params } });

/**
 * Judges one step of a thread as `self` sees it, from its case (if any) and its plain thread
 * facts (for threads without a case). Pure.
 * @example judgeStep('la-mlsw', undefined, { exists: false, types: new Set() }, openingRequest) // { ok: true, change: { kind: 'open', … } }
 */
export function judgeStep(self: string, record: CaseFacts | undefined, thread: PlainThread, m: StepMessage): StepVerdict {
  if (isProtocolType(m.type)) return { ok: true, change: { kind: 'none' } };
  const counterpart = m.from === self ? m.to : m.from;

  if (m.thid === m.id) {
    const kind = caseKindOf(m.type);
    if (!kind) {
      const misfit = checkThreadStep(thread, m);
      return misfit ? refuse('transport-rule', { type: m.type }) : { ok: true, change: { kind: 'none' } };
    }
    const facts = stepFacts(m.type, m.body);
    const started = startCase({ type: m.type, side: 'initiator', facts, id: m.id });
    if (!started.ok) return { ok: false, refusal: started.refusal };
    const named = consularOf(m.body);
    if (named) {
      // The request goes to the focal point it names, and a copy to the consular party; a
      // node is one of the two (or the sender), and the sender is neither.
      const misfit =
        m.from === named.agency || m.from === named.focalPoint || (m.from === self ? m.to !== named.focalPoint : self !== named.agency && self !== named.focalPoint);
      if (misfit) return refuse('not-a-party', { thread: m.thid, from: m.from, to: m.to, agreement: m.agreement });
      const mine: Party = self === named.agency ? 'consular' : 'focal-point';
      return { ok: true, change: { kind: 'open', caseKind: kind, role: m.from === self ? 'initiator' : 'responder', counterpart, state: started.state, facts, consular: { ...named, mine } } };
    }
    return { ok: true, change: { kind: 'open', caseKind: kind, role: m.from === self ? 'initiator' : 'responder', counterpart, state: started.state, facts } };
  }

  if (record) {
    const sender = partyIn(self, record, m.from);
    const recipient = partyIn(self, record, m.to);
    if (m.agreement !== record.agreement || !sender || !recipient || m.from === m.to || (m.from !== self && m.to !== self)) {
      return refuse('not-a-party', { thread: m.thid, from: m.from, to: m.to, agreement: m.agreement });
    }
    const facts = stepFacts(m.type, m.body);
    const next = advanceCase(record.machine, { type: m.type, side: sender.side, facts, id: m.id, ...(sender.party === 'consular' ? { party: 'consular' } : {}) });
    if (!next.ok) return { ok: false, refusal: next.refusal };
    return { ok: true, change: { kind: 'advance', state: next.state, facts, side: sender.side, action: next.action } };
  }

  if (!thread.exists) return refuse('unknown-thread', { thread: m.thid });
  // A thread a note opened is no case: a case's steps (its opening request included) have no place in it.
  if (!PLAIN_THREAD_TYPES.has(m.type)) return refuse('type-not-in-case', { kind: 'none', type: m.type });
  if (thread.counterpart && (thread.agreement !== m.agreement || thread.counterpart !== counterpart)) {
    return refuse('not-a-party', { thread: m.thid, from: m.from, to: m.to, agreement: m.agreement });
  }
  const misfit = checkThreadStep(thread, m);
  return misfit ? refuse('transport-rule', { type: m.type, thread: m.thid }) : { ok: true, change: { kind: 'none' } };
}

/** The consular party a repatriation request names (`consular: {agency, focalPoint}`), if any. */
function consularOf(body: unknown): ConsularParties | undefined {
  const c = (body as { consular?: ConsularParties } | null)?.consular;
  return c && typeof c.agency === 'string' && typeof c.focalPoint === 'string' ? { agency: c.agency, focalPoint: c.focalPoint } : undefined;
}

/** A refusal as one line for a `problem` detail or an HTTP message: the code, then its parameters. */
export function refusalDetail(r: StepRefusal): string {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`);
  return params.length ? `${r.code}: ${params.join(', ')}` : r.code;
}
