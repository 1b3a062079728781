import { describe, expect, it } from 'vitest';
import { exampleBodies } from '@mou-hub/protocol';
import { startCase, stepFacts, type CaseState } from '@mou-hub/workflows';
import { judgeStep, refusalDetail, type CaseFacts, type StepMessage } from './case-step.ts';

const THID = '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d';
const NEXT = '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0e';
const none = { exists: false, types: new Set<string>() };

function opened(): CaseState {
  const r = startCase({ type: 'repatriation.request', side: 'initiator', facts: stepFacts('repatriation.request', exampleBodies['repatriation.request']), id: THID });
  if (!r.ok) throw new Error('cannot open');
  return r.state;
}
/** The Lao side's record of a Thai request. */
const laoCase = (): CaseFacts => ({ id: THID, kind: 'repatriation', agreement: 'la-th', counterpart: 'th-msdhs', role: 'responder', machine: opened() });
const msg = (over: Partial<StepMessage>): StepMessage => ({
  id: NEXT,
  thid: THID,
  type: 'repatriation.assessment',
  from: 'la-mlsw',
  to: 'th-msdhs',
  agreement: 'la-th',
  body: exampleBodies['repatriation.assessment'],
  ...over,
});

describe('judgeStep', () => {
  it('opens a case on its opening request, on either side', () => {
    const body = exampleBodies['repatriation.request'];
    const sent = judgeStep('th-msdhs', undefined, none, msg({ id: THID, type: 'repatriation.request', from: 'th-msdhs', to: 'la-mlsw', body }));
    const got = judgeStep('la-mlsw', undefined, none, msg({ id: THID, type: 'repatriation.request', from: 'th-msdhs', to: 'la-mlsw', body }));
    expect(sent).toMatchObject({ ok: true, change: { kind: 'open', caseKind: 'repatriation', role: 'initiator', counterpart: 'la-mlsw', state: { state: 'requested' } } });
    expect(got).toMatchObject({ ok: true, change: { kind: 'open', role: 'responder', counterpart: 'th-msdhs' } });
  });

  it.each<[string, Partial<StepMessage>, string]>([
    ['the responder assesses', {}, 'ok'],
    ['the initiator cannot assess its own request', { from: 'th-msdhs', to: 'la-mlsw' }, 'not-your-turn'],
    ['a third agency cannot post into the pair', { from: 'vn-mps', to: 'la-mlsw' }, 'not-a-party'],
    ['another agreement is another thread', { agreement: 'la-national' }, 'not-a-party'],
    ['a handover before it was agreed', { type: 'repatriation.handover.completed', body: exampleBodies['repatriation.handover.completed'] }, 'step-not-allowed'],
    ['an investigation step in a repatriation', { type: 'investigation.extension', body: exampleBodies['investigation.extension'] }, 'type-not-in-case'],
    ['a note, whatever the turn', { type: 'case.note', body: exampleBodies['case.note'], from: 'th-msdhs', to: 'la-mlsw' }, 'ok'],
  ])('in a case: %s', (_, over, expected) => {
    const v = judgeStep('la-mlsw', laoCase(), none, msg(over));
    expect(v.ok ? 'ok' : v.refusal.code).toBe(expected);
  });

  it.each<[string, Partial<StepMessage>, object, string]>([
    ['a note answers a note thread', { type: 'case.note', body: { text: 'x' } }, { exists: true, types: new Set(['case.note']), agreement: 'la-th', counterpart: 'th-msdhs' }, 'ok'],
    ['a stranger in a note thread', { type: 'case.note', body: { text: 'x' }, from: 'vn-mps' }, { exists: true, types: new Set(['case.note']), agreement: 'la-th', counterpart: 'th-msdhs' }, 'not-a-party'],
    ['a step of a case in a note thread', { type: 'repatriation.handover.completed', body: exampleBodies['repatriation.handover.completed'] }, { exists: true, types: new Set(['case.note']) }, 'type-not-in-case'],
    ['an opening request inside a note thread', { type: 'repatriation.request', body: exampleBodies['repatriation.request'] }, { exists: true, types: new Set(['case.note']) }, 'type-not-in-case'],
    ['a closure of a closed note thread', { type: 'case.closed', body: exampleBodies['case.closed'] }, { exists: true, types: new Set(['case.note', 'case.closed']) }, 'transport-rule'],
    ['a reply to a thread never seen', { type: 'case.note', body: { text: 'x' } }, none, 'unknown-thread'],
    ['an answer cannot open a thread', { id: THID, type: 'repatriation.assessment' }, none, 'transport-rule'],
  ])('without a case: %s', (_, over, thread, expected) => {
    const v = judgeStep('la-mlsw', undefined, thread as never, msg({ from: 'th-msdhs', to: 'la-mlsw', ...over }));
    expect(v.ok ? 'ok' : v.refusal.code).toBe(expected);
  });

  it('words a refusal as its code and parameters', () => {
    expect(refusalDetail({ code: 'not-a-party', params: { thread: 't', from: 'vn-mps' } })).toBe('not-a-party: thread=t, from=vn-mps');
    expect(refusalDetail({ code: 'unknown-thread', params: {} })).toBe('unknown-thread');
  });
});
