import { exampleBodies } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { bodyStep, countStep, PATHS, reach } from '../test-support.ts';
import { replayCase } from './index.ts';
import type { CaseStep } from '../types.ts';

const response = exampleBodies['investigation.response'];

function states(steps: readonly CaseStep[]): string[] {
  return steps.map((_, i) => {
    const r = replayCase(steps.slice(0, i + 1));
    return r.ok ? r.state.state : `refused:${r.refusal.code}`;
  });
}

describe('investigation', () => {
  it('runs with one extension, a partial then a full answer, and closes', () => {
    const steps = [
      bodyStep('investigation.request', 'initiator'),
      bodyStep('investigation.acknowledgement', 'responder'),
      bodyStep('investigation.extension', 'responder'),
      bodyStep('investigation.response', 'responder', { ...response, completeness: 'partial' }),
      bodyStep('investigation.extension', 'responder'),
      bodyStep('investigation.response', 'responder', { ...response, completeness: 'full' }),
      bodyStep('case.closed', 'initiator', { status: 'Closed', reason: 'Located and rescued.' }),
    ];
    expect(states(steps)).toEqual(['requested', 'acknowledged', 'extended', 'partially-answered', 'extended', 'answered', 'closed']);
  });

  it('is declined when the requested side closes it before acknowledging', () => {
    const steps = [
      bodyStep('investigation.request', 'initiator'),
      bodyStep('case.closed', 'responder', { status: 'Closed', reason: 'Outside our jurisdiction.' }),
      bodyStep('investigation.acknowledgement', 'responder'),
    ];
    expect(states(steps)).toEqual(['requested', 'declined', 'refused:case-closed']);
    const declined = replayCase(steps.slice(0, 2));
    expect(declined).toMatchObject({ ok: true, action: 'decline', state: { memory: { closedStatus: 'Closed' } } });
  });

  it('lets the requester withdraw a fresh request: closed, not declined', () => {
    expect(replayCase([...PATHS.investigation['requested']!, countStep('case.closed', 'initiator', { referred: 1 })])).toMatchObject({
      ok: true,
      action: 'close',
      state: { state: 'closed', memory: { closedStatus: 'ClosedReferred' } },
    });
  });

  it.each([
    ['the requester answers its own request', 'acknowledged', 'investigation.response', 'initiator', { full: 1 }, 'not-your-turn'],
    ['a second acknowledgement', 'acknowledged', 'investigation.acknowledgement', 'responder', {}, 'step-not-allowed'],
    ['an answer after the full answer', 'answered', 'investigation.response', 'responder', { full: 1 }, 'step-not-allowed'],
    ['an extension after the full answer', 'answered', 'investigation.extension', 'responder', {}, 'step-not-allowed'],
    ['a response without completeness', 'extended', 'investigation.response', 'responder', {}, 'missing-fact'],
    ['a repatriation step', 'acknowledged', 'repatriation.assessment', 'responder', {}, 'type-not-in-case'],
  ] as const)('refuses %s', (_, at, type, side, counts, code) => {
    const r = replayCase([...PATHS.investigation[at]!, countStep(type, side, { ...counts })]);
    expect(r).toMatchObject({ ok: false, refusal: { code } });
  });

  it('remembers an urgent request', () => {
    expect(reach(PATHS.investigation['requested']!).memory.urgent).toBe(true);
  });
});
