/** Helpers for the case API tests: open, act, wait for delivery, compare both sides. */
import { exampleBodies, type MessageType } from '@mou-hub/protocol';
import { eventually, type ApiClient } from './api.ts';

/** An example body to change (the examples are frozen), with attachment references taken out. */
export function body<T extends MessageType>(type: T): any {
  const b = structuredClone(exampleBodies[type]) as any;
  if (type === 'repatriation.handover.completed') for (const r of b.records) delete r.signatures.form;
  if (type === 'investigation.response') delete b.evidence;
  return b;
}

/** Consent as an interview form records it. */
export const CONSENT = { given: true, by: 'self', date: '2026-02-10' } as const;

/** The case as `api` sees it (fails the test on anything but 200). */
export async function caseOf(api: ApiClient, id: string): Promise<any> {
  const res = await api.request('GET', `/api/v1/cases/${id}`);
  if (res.status !== 200) throw new Error(`GET case ${id}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** Waits until the recipient has committed (the sender's message is delivered) and returns it. */
export async function delivered(api: ApiClient, messageId: string): Promise<void> {
  const m = await api.waitForStatus(messageId, ['delivered', 'rejected', 'failed']);
  if (m.status !== 'delivered') throw new Error(`message ${messageId} is ${m.status}: ${JSON.stringify(m.problem)}`);
}

/** Takes an action and waits for delivery; returns the 202 answer. */
export async function act(api: ApiClient, id: string, name: string, lang: string, b: unknown): Promise<{ messageId: string; state: string }> {
  const res = await api.request('POST', `/api/v1/cases/${id}/actions/${name}`, { lang, body: b });
  if (res.status !== 202) throw new Error(`action ${name} on ${id}: ${res.status} ${JSON.stringify(res.json)}`);
  await delivered(api, res.json.messageId);
  return res.json;
}

/** Both sides' views once the last message is delivered: the same state and per-person states. */
export async function bothSides(a: ApiClient, b: ApiClient, id: string): Promise<[any, any]> {
  return eventually(async () => {
    const [x, y] = [await caseOf(a, id), await caseOf(b, id)];
    const persons = (c: any) => JSON.stringify(c.persons.map((p: any) => [p.ref, p.state]).sort());
    return x.state === y.state && persons(x) === persons(y) && ([x, y] as [any, any]);
  }, 10_000, `both sides of ${id} in one state`);
}

/** Ids an action's body refers to (the proposal it answers, the completion it countersigns). */
export interface BodyRefs {
  proposal?: string;
  completion?: string;
}

const FALLBACK_ID = '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d';

/** A valid body for a case action by name: the body decides which rule applies (e.g. partial or full answer). */
export function actionBody(name: string, type: string, refs: BodyRefs = {}): any {
  const proposal = refs.proposal ?? FALLBACK_ID;
  switch (name) {
    case 'provide-information':
      return { text: 'The shelter adds the interview record.' };
    case 'confirm-handover':
      return { proposal, confirmed: true };
    case 'counter-propose-handover':
      return { proposal, confirmed: false, alternativeDate: '2026-03-19', reason: 'The escort is free from the 19th.' };
    case 'complete-handover':
      return { ...body('repatriation.handover.completed'), proposal };
    case 'countersign-handover':
      return { ...body('repatriation.handover.completed'), proposal, countersigns: refs.completion ?? FALLBACK_ID };
    case 'decline':
    case 'close':
      return { status: 'Closed', reason: 'Closed by the test.' };
    case 'answer-partially':
      return body('investigation.response');
    case 'answer':
      return { ...body('investigation.response'), completeness: 'full' };
    case 'reject-nationality':
      return { personRef: 'C1', nationalityConfirmed: false, basis: 'No entry in the family book of Ban Nathong.' };
    default:
      return body(type as never);
  }
}
