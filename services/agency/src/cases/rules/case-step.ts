/**
 * Check 14 of PROTOCOL.md (`invalid-state`) for this node: the same judgement at the sender's
 * API and at the recipient's inbox. A case thread runs its shared workflow (`@mou-hub/workflows`)
 * and admits only its two parties under its agreement; a thread opened by a `case.note` keeps
 * the transport's rules (`thread-rules.ts`), among the same two parties.
 */
import { isProtocolType } from '@mou-hub/protocol';
import { advanceCase, caseKindOf, otherSide, startCase, stepFacts, type CaseKind, type CaseState, type Side, type StepFacts } from '@mou-hub/workflows';
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
  | { readonly kind: 'open'; readonly caseKind: CaseKind; readonly role: Side; readonly counterpart: string; readonly state: CaseState; readonly facts: StepFacts }
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
    return { ok: true, change: { kind: 'open', caseKind: kind, role: m.from === self ? 'initiator' : 'responder', counterpart, state: started.state, facts } };
  }

  if (record) {
    if (m.agreement !== record.agreement || counterpart !== record.counterpart) {
      return refuse('not-a-party', { thread: m.thid, from: m.from, to: m.to, agreement: m.agreement });
    }
    const side = m.from === self ? record.role : otherSide(record.role);
    const facts = stepFacts(m.type, m.body);
    const next = advanceCase(record.machine, { type: m.type, side, facts, id: m.id });
    if (!next.ok) return { ok: false, refusal: next.refusal };
    return { ok: true, change: { kind: 'advance', state: next.state, facts, side, action: next.action } };
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

/** A refusal as one line for a `problem` detail or an HTTP message: the code, then its parameters. */
export function refusalDetail(r: StepRefusal): string {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`);
  return params.length ? `${r.code}: ${params.join(', ')}` : r.code;
}
