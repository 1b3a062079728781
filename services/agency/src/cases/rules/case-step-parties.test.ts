/**
 * Check 14 in a case of three parties (issue 16): cn-mps asks la-mlsw for a return with the
 * embassy in Beijing as the home side's consular party. Each node judges each step by the side
 * and agency of its sender; anyone else is `not-a-party`.
 */
import { describe, expect, it } from 'vitest';
import { exampleBodies } from '@mou-hub/protocol';
import { advanceCase, startCase, stepFacts, type CaseState } from '@mou-hub/workflows';
import { judgeStep, otherParties, partyIn, type CaseFacts, type StepMessage } from './case-step.ts';

const THID = '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d';
const NEXT = '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0e';
const none = { exists: false, types: new Set<string>() };
const consular = { agency: 'la-emb-beijing', focalPoint: 'la-mlsw' };
const request = { ...exampleBodies['repatriation.request'], consular };

/** The case after the request and a positive assessment by la-mlsw. */
function assessed(): CaseState {
  const opened = startCase({ type: 'repatriation.request', side: 'initiator', facts: stepFacts('repatriation.request', request), id: THID });
  if (!opened.ok) throw new Error('cannot open');
  const a = advanceCase(opened.state, { type: 'repatriation.assessment', side: 'responder', facts: stepFacts('repatriation.assessment', exampleBodies['repatriation.assessment']) });
  if (!a.ok) throw new Error('cannot assess');
  return a.state;
}
/** Each node's record of the case. */
const records: Record<string, CaseFacts> = {
  'cn-mps': { id: THID, kind: 'repatriation', agreement: 'la-cn', counterpart: 'la-mlsw', role: 'initiator', machine: assessed(), consular },
  'la-mlsw': { id: THID, kind: 'repatriation', agreement: 'la-cn', counterpart: 'cn-mps', role: 'responder', machine: assessed(), consular },
  'la-emb-beijing': { id: THID, kind: 'repatriation', agreement: 'la-cn', counterpart: 'cn-mps', role: 'responder', machine: assessed(), consular },
};
const travel = (from: string, to: string): StepMessage => ({
  id: NEXT, thid: THID, type: 'repatriation.travel-document', from, to, agreement: 'la-cn', body: exampleBodies['repatriation.travel-document'],
});

describe('a request naming a consular party', () => {
  const opener = (to: string): StepMessage => ({ id: THID, thid: THID, type: 'repatriation.request', from: 'cn-mps', to, agreement: 'la-cn', body: request });

  it('opens the case at the host, the focal point and the embassy, each knowing which agency it is', () => {
    expect(judgeStep('cn-mps', undefined, none, opener('la-mlsw'))).toMatchObject({ ok: true, change: { kind: 'open', role: 'initiator', counterpart: 'la-mlsw', consular: { ...consular, mine: 'focal-point' } } });
    expect(judgeStep('la-mlsw', undefined, none, opener('la-mlsw'))).toMatchObject({ ok: true, change: { role: 'responder', counterpart: 'cn-mps', consular: { mine: 'focal-point' } } });
    expect(judgeStep('la-emb-beijing', undefined, none, opener('la-emb-beijing'))).toMatchObject({ ok: true, change: { role: 'responder', counterpart: 'cn-mps', consular: { mine: 'consular' } } });
  });

  it.each<[string, string, StepMessage]>([
    ['sent to the embassy instead of the focal point it names', 'cn-mps', opener('la-emb-beijing')],
    ['received by an agency it does not name', 'la-mps', opener('la-mps')],
    ['naming its own sender as the consular party', 'la-emb-beijing', { ...opener('la-mlsw'), body: { ...request, consular: { agency: 'cn-mps', focalPoint: 'la-mlsw' } } }],
  ])('is refused not-a-party when %s', (_, self, m) => {
    const v = judgeStep(self, undefined, none, m);
    expect(v.ok ? 'ok' : v.refusal.code).toBe('not-a-party');
  });
});

describe('a step of the case at each node', () => {
  it.each<[string, StepMessage, string]>([
    ['cn-mps', travel('la-emb-beijing', 'cn-mps'), 'ok'],
    ['la-mlsw', travel('la-emb-beijing', 'la-mlsw'), 'ok'],
    ['la-emb-beijing', travel('la-emb-beijing', 'cn-mps'), 'ok'],
    ['cn-mps', travel('la-mlsw', 'cn-mps'), 'wrong-agency'],
    ['la-emb-beijing', travel('la-mlsw', 'la-emb-beijing'), 'wrong-agency'],
    ['cn-mps', { ...travel('la-emb-beijing', 'cn-mps'), type: 'repatriation.assessment', body: exampleBodies['repatriation.assessment'] }, 'wrong-agency'],
    ['la-mlsw', { ...travel('la-emb-beijing', 'la-mlsw'), type: 'case.note', body: exampleBodies['case.note'] }, 'ok'],
    ['la-emb-beijing', { ...travel('cn-mps', 'la-emb-beijing'), type: 'repatriation.handover.proposal', body: exampleBodies['repatriation.handover.proposal'] }, 'ok'],
    ['la-emb-beijing', { ...travel('la-mps', 'la-emb-beijing') }, 'not-a-party'],
    ['cn-mps', { ...travel('la-emb-beijing', 'cn-mps'), agreement: 'la-national' }, 'not-a-party'],
    // A node judges only what it sends or receives.
    ['cn-mps', travel('la-emb-beijing', 'la-mlsw'), 'not-a-party'],
  ])('at %s: %j', (self, m, expected) => {
    const v = judgeStep(self, records[self], none, m);
    expect(v.ok ? 'ok' : v.refusal.code).toBe(expected);
  });

  it('knows each agency by side and party, and sends each step to the two others', () => {
    expect(partyIn('cn-mps', records['cn-mps']!, 'la-emb-beijing')).toEqual({ side: 'responder', party: 'consular' });
    expect(partyIn('la-emb-beijing', records['la-emb-beijing']!, 'la-mlsw')).toEqual({ side: 'responder', party: 'focal-point' });
    expect(partyIn('la-emb-beijing', records['la-emb-beijing']!, 'la-emb-beijing')).toEqual({ side: 'responder', party: 'consular' });
    expect(partyIn('la-mlsw', records['la-mlsw']!, 'la-mps')).toBeUndefined();
    expect(otherParties('cn-mps', records['cn-mps']!)).toEqual(['la-mlsw', 'la-emb-beijing']);
    expect(otherParties('la-emb-beijing', records['la-emb-beijing']!)).toEqual(['cn-mps', 'la-mlsw']);
    expect(otherParties('la-mlsw', { counterpart: 'cn-mps' })).toEqual(['cn-mps']);
  });
});
