import { exampleBodies, EXAMPLE_IDS } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { advanceCase, allowedActions, replayCase, startCase } from './index.ts';
import { bodyStep, countStep, PATHS, reach } from '../test-support.ts';
import { factsFromStats } from '../facts/index.ts';
import type { CaseState, CaseStep } from '../types.ts';

const completionId = '019cf0b7-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const assessment = exampleBodies['repatriation.assessment'];
const completed = exampleBodies['repatriation.handover.completed'];

/** P1 confirmed, P2 not: the two part ways. */
const splitAssessment = {
  ...assessment,
  persons: [
    assessment.persons[0],
    { ...assessment.persons[1], nationalityConfirmed: false, nationalityReason: 'No family book entry in the named village.' },
  ],
};
const p1Only = {
  proposal: { ...exampleBodies['repatriation.handover.proposal'], persons: ['P1'] },
  completed: { ...completed, records: completed.records.slice(0, 1) },
  documents: { documents: exampleBodies['repatriation.travel-document'].documents.filter((d) => d.personRef === 'P1') },
};

/** A Thailand → Laos run of two persons from request to closed, as both parties see it. */
const RUN: readonly [CaseStep, string, Record<string, string>][] = [
  [bodyStep('repatriation.request', 'initiator'), 'requested', { P1: 'requested', P2: 'requested' }],
  [bodyStep('repatriation.assessment', 'responder', splitAssessment), 'assessed', { P1: 'assessed', P2: 'closed' }],
  [bodyStep('repatriation.travel-document', 'responder', p1Only.documents), 'travel-document-issued', { P1: 'travel-document-issued', P2: 'closed' }],
  [bodyStep('repatriation.handover.proposal', 'initiator', p1Only.proposal), 'handover-proposed', { P1: 'handover-proposed', P2: 'closed' }],
  [bodyStep('repatriation.handover.confirmation', 'responder', { proposal: EXAMPLE_IDS.proposal, confirmed: false, alternativeDate: '2026-03-19', reason: 'Transit centre full.' }), 'handover-counter-proposed', { P1: 'handover-proposed' }],
  [bodyStep('repatriation.handover.proposal', 'initiator', { ...p1Only.proposal, date: '2026-03-19' }), 'handover-proposed', { P1: 'handover-proposed' }],
  [bodyStep('repatriation.handover.confirmation', 'responder'), 'handover-agreed', { P1: 'handover-agreed' }],
  [bodyStep('repatriation.handover.completed', 'initiator', p1Only.completed, completionId), 'handover-awaiting-countersign', { P1: 'handover-awaiting-countersign' }],
  [bodyStep('repatriation.handover.completed', 'responder', { ...p1Only.completed, countersigns: completionId }), 'handed-over', { P1: 'handed-over' }],
  [bodyStep('repatriation.reintegration.update', 'responder', { ...exampleBodies['repatriation.reintegration.update'], personRef: 'P1' }), 'in-reintegration', { P1: 'in-reintegration' }],
  [bodyStep('case.note', 'initiator'), 'in-reintegration', { P1: 'in-reintegration' }],
  [bodyStep('case.closed', 'responder', { status: 'Closed', reason: 'Back with her family; follow-up done.' }), 'closed', { P1: 'closed', P2: 'closed' }],
];

describe('repatriation', () => {
  it('runs two persons from request to closed; the one not confirmed stops at the assessment', () => {
    let state: CaseState | undefined;
    for (const [step, expected, persons] of RUN) {
      const result = state ? advanceCase(state, step) : startCase(step);
      expect(result, step.type).toMatchObject({ ok: true });
      if (!result.ok) return;
      state = result.state;
      expect(state.state).toBe(expected);
      for (const [ref, p] of Object.entries(persons)) expect(state.persons[ref]?.state, `${step.type} ${ref}`).toBe(p);
    }
    expect(state?.persons['P2']).toEqual({ state: 'closed', reason: 'not-confirmed', safeToReturn: true, returnConsent: true });
    expect(state?.persons['P1']).toMatchObject({ state: 'closed', reason: 'case-closed' });
    expect(state?.memory).toMatchObject({ closedStatus: 'Closed', closedBy: 'case-closed', records: 1, completion: completionId });
  });

  it('reaches the same case-level states from stats alone (the audit view)', () => {
    let state: CaseState | undefined;
    for (const [step, expected] of RUN) {
      const bare: CaseStep = { type: step.type, side: step.side, facts: factsFromStats(step.facts.counts) };
      const result = state ? advanceCase(state, bare) : startCase(bare);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
      expect(state.state).toBe(expected);
      expect(state.persons).toEqual({});
    }
  });

  it.each([
    ['all not confirmed: closed', { confirmed: 0, 'not-confirmed': 2, pending: 0 }, 'closed'],
    ['some pending, none confirmed: information requested', { confirmed: 0, 'not-confirmed': 1, pending: 1 }, 'information-requested'],
    ['one of two not confirmed, one not yet assessed: still requested', { confirmed: 0, 'not-confirmed': 1, pending: 0 }, 'requested'],
    ['one confirmed: assessed', { confirmed: 1, 'not-confirmed': 1, pending: 0 }, 'assessed'],
  ])('assessment, %s', (_, counts, expected) => {
    expect(advanceCase(reach(PATHS.repatriation['requested']!), countStep('repatriation.assessment', 'responder', counts))).toMatchObject({
      ok: true,
      state: { state: expected },
    });
  });

  it('a note from the host answers a request for information; the home side then assesses', () => {
    const asked = reach(PATHS.repatriation['information-requested']!);
    const answered = advanceCase(asked, countStep('case.note', 'initiator'));
    expect(answered).toMatchObject({ ok: true, action: 'provide-information', state: { state: 'requested' } });
    expect(advanceCase(asked, countStep('case.note', 'responder'))).toMatchObject({ ok: true, action: 'note', state: { state: 'information-requested' } });
  });

  it.each([
    ['the host confirms its own proposal', 'handover-proposed', 'repatriation.handover.confirmation', 'initiator', { confirmed: 1 }, { code: 'not-your-turn', params: { state: 'handover-proposed', side: 'initiator', type: 'repatriation.handover.confirmation' } }],
    ['completion after a counter-proposal', 'handover-counter-proposed', 'repatriation.handover.completed', 'initiator', { records: 1, countersign: 0 }, { code: 'step-not-allowed', params: { state: 'handover-counter-proposed', type: 'repatriation.handover.completed' } }],
    ['the home side countersigns before the host completes', 'handover-agreed', 'repatriation.handover.completed', 'responder', { records: 1, countersign: 1 }, { code: 'not-your-turn' }],
    ['the host countersigns its own completion', 'handover-awaiting-countersign', 'repatriation.handover.completed', 'initiator', { records: 1, countersign: 1 }, { code: 'step-not-allowed' }],
    ['a countersign of other records', 'handover-awaiting-countersign', 'repatriation.handover.completed', 'responder', { records: 2, countersign: 1 }, { code: 'countersign-mismatch', params: { fact: 'records', expected: 1, actual: 2 } }],
    ['a confirmation without its fact', 'handover-proposed', 'repatriation.handover.confirmation', 'responder', {}, { code: 'missing-fact', params: { type: 'repatriation.handover.confirmation', fact: 'confirmed' } }],
    ['anything but a note after closing', 'closed', 'repatriation.assessment', 'responder', { confirmed: 1, 'not-confirmed': 0, pending: 0 }, { code: 'case-closed', params: { state: 'closed' } }],
    ['closing twice', 'closed', 'case.closed', 'initiator', { referred: 0 }, { code: 'case-closed' }],
    ['an investigation type', 'assessed', 'investigation.response', 'responder', { full: 1 }, { code: 'type-not-in-case', params: { kind: 'repatriation' } }],
    ['a second request in the thread', 'assessed', 'repatriation.request', 'initiator', { persons: 1 }, { code: 'step-not-allowed' }],
  ] as const)('refuses %s', (_, at, type, side, counts, refusal) => {
    const result = advanceCase(reach(PATHS.repatriation[at]!), countStep(type, side, { ...counts }));
    expect(result).toMatchObject({ ok: false, refusal });
  });

  it('refuses a countersign of another completion, and persons the case does not hold', () => {
    const run = RUN.slice(0, 8).map(([s]) => s);
    const awaiting = replayCase(run);
    if (!awaiting.ok) throw new Error('fixture');
    const other = bodyStep('repatriation.handover.completed', 'responder', { ...p1Only.completed, countersigns: EXAMPLE_IDS.request });
    expect(advanceCase(awaiting.state, other)).toMatchObject({ ok: false, refusal: { code: 'countersign-mismatch', params: { fact: 'countersigns' } } });
    const stranger = bodyStep('repatriation.handover.completed', 'responder', {
      ...p1Only.completed,
      countersigns: completionId,
      records: [{ ...completed.records[0], personRef: 'P9' }],
    });
    expect(advanceCase(awaiting.state, stranger)).toMatchObject({ ok: false, refusal: { code: 'unknown-person', params: { index: 0 } } });
  });

  it('lets the host correct its completion before the countersign, which must then match the correction', () => {
    const awaiting = replayCase(RUN.slice(0, 8).map(([s]) => s));
    if (!awaiting.ok) throw new Error('fixture');
    const correctedId = '019cf0b8-0000-7000-8000-000000000001';
    const corrected = advanceCase(awaiting.state, bodyStep('repatriation.handover.completed', 'initiator', p1Only.completed, correctedId));
    expect(corrected).toMatchObject({ ok: true, state: { state: 'handover-awaiting-countersign', memory: { completion: correctedId }, persons: { P1: { state: 'handover-awaiting-countersign' } } } });
    if (!corrected.ok) return;
    const stale = bodyStep('repatriation.handover.completed', 'responder', { ...p1Only.completed, countersigns: completionId });
    expect(advanceCase(corrected.state, stale)).toMatchObject({ ok: false, refusal: { code: 'countersign-mismatch', params: { fact: 'countersigns' } } });
  });

  it('refuses a handover proposal for the person whose nationality was not confirmed', () => {
    const assessedRun = replayCase(RUN.slice(0, 2).map(([s]) => s));
    if (!assessedRun.ok) throw new Error('fixture');
    const both = bodyStep('repatriation.handover.proposal', 'initiator');
    expect(advanceCase(assessedRun.state, both)).toMatchObject({
      ok: false,
      refusal: { code: 'person-not-ready', params: { index: 1, state: 'closed' } },
    });
  });

  it.each([
    ['handover-proposed', 'responder', ['confirm-handover', 'counter-propose-handover']],
    ['handover-proposed', 'initiator', ['propose-handover']],
    ['handover-counter-proposed', 'responder', []],
    ['handover-counter-proposed', 'initiator', ['propose-handover']],
    ['handover-awaiting-countersign', 'responder', ['countersign-handover']],
    ['handover-awaiting-countersign', 'initiator', ['complete-handover']],
    ['closed', 'initiator', []],
  ] as const)('in %s the %s may %j', (at, side, names) => {
    expect(allowedActions(reach(PATHS.repatriation[at]!), side).map((a) => a.name)).toEqual(names);
  });

  it('lists the person actions, notes, translation status and closing with anytime', () => {
    const names = allowedActions(reach(PATHS.repatriation['handover-agreed']!), 'responder', { anytime: true }).map((a) => a.name);
    expect(names).toEqual(['assess', 'withdraw-person', 'refer-to-alternative-care', 'resume-person', 'close', 'note', 'translation-status']);
    const later = allowedActions(reach(PATHS.repatriation['handover-awaiting-countersign']!), 'initiator', { anytime: true }).map((a) => a.name);
    expect(later).toEqual(['complete-handover', 'close', 'note', 'translation-status']);
    const closed = allowedActions(reach(PATHS.repatriation['closed']!), 'responder', { anytime: true }).map((a) => a.name);
    expect(closed).toEqual(['note', 'translation-status']);
  });
});
