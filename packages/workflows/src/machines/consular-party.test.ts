/**
 * Issue 16, one China case: a repatriation whose home side has a consular party (the embassy
 * beside la-mlsw). The case stays two-sided; the party decides which home agency acts a step.
 */
import { exampleBodies, type Deadline } from '@mou-hub/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceCase, allowedActions, caseActions, consularPartyTypes, replayCase } from './index.ts';
import { caseDeadlines } from '../deadlines/deadlines.ts';
import { stepFacts } from '../facts/index.ts';
import { ACTION_COUNTS, countStep, PATHS } from '../test-support.ts';
import type { CaseState, CaseStep, Party, Side } from '../types.ts';
import type { TimedStep } from '../deadlines/types.ts';

const I: Side = 'initiator';
const R: Side = 'responder';
const withParty = (step: CaseStep, party: Party): CaseStep => ({ ...step, party });

/** PATHS' repatriation steps, with a request that names a consular party (which issues the travel document). */
const consularPath = (state: string): CaseStep[] =>
  (PATHS.repatriation[state] ?? []).map((s, i) =>
    i === 0 ? countStep(s.type, s.side, { ...s.facts.counts, consular: 1 }) : s.type === 'repatriation.travel-document' ? withParty(s, 'consular') : s,
  );
function reached(steps: readonly CaseStep[]): CaseState {
  const r = replayCase(steps);
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.state;
}

describe('the request names a consular party', () => {
  it('counts it as `consular: 1` (and not at all when absent), and the case remembers it', () => {
    const body = exampleBodies['repatriation.request'];
    expect(stepFacts('repatriation.request', body).counts).not.toHaveProperty('consular');
    const named = stepFacts('repatriation.request', { ...body, consular: { agency: 'la-emb-beijing', focalPoint: 'la-mlsw' } });
    expect(named.counts).toMatchObject({ consular: 1 });
    expect(reached(consularPath('requested')).memory.consular).toBe(true);
    expect(reached(PATHS.repatriation['requested']!).memory).not.toHaveProperty('consular');
  });

  it('lists issue-travel-document as the one step the consular party acts instead of the focal point', () => {
    expect(consularPartyTypes()).toEqual(['repatriation.travel-document']);
    expect(caseActions('repatriation').find((a) => a.name === 'issue-travel-document')).toMatchObject({ acts: 'consular' });
  });
});

/** [state, step, party, with a consular party, expected action or refusal]. */
const TABLE: readonly [string, CaseStep, Party, boolean, string | { code: string; params: Record<string, unknown> }][] = [
  ['assessed', countStep('repatriation.travel-document', R, { documents: 1 }), 'consular', true, 'issue-travel-document'],
  ['assessed', countStep('repatriation.travel-document', R, { documents: 1 }), 'focal-point', true, { code: 'wrong-agency', params: { party: 'consular', state: 'assessed', type: 'repatriation.travel-document' } }],
  ['assessed', countStep('repatriation.travel-document', R, { documents: 1 }), 'focal-point', false, 'issue-travel-document'],
  ['assessed', countStep('repatriation.travel-document', R, { documents: 1 }), 'consular', false, { code: 'wrong-agency', params: { party: 'focal-point' } }],
  ['requested', countStep('repatriation.assessment', R, ACTION_COUNTS['assess']), 'consular', true, { code: 'wrong-agency', params: { party: 'focal-point', type: 'repatriation.assessment' } }],
  ['requested', countStep('repatriation.province-referral', R, { referral: 1 }), 'consular', true, { code: 'wrong-agency', params: { party: 'focal-point' } }],
  ['requested', countStep('repatriation.province-referral', R, { referral: 1 }), 'focal-point', true, 'refer-to-province'],
  ['handover-proposed', countStep('repatriation.handover.confirmation', R, { confirmed: 1 }), 'consular', true, { code: 'wrong-agency', params: { party: 'focal-point' } }],
  ['handover-proposed', countStep('repatriation.handover.confirmation', R, { confirmed: 1 }), 'focal-point', true, 'confirm-handover'],
  ['handover-awaiting-countersign', countStep('repatriation.handover.completed', R, ACTION_COUNTS['countersign-handover']), 'consular', true, { code: 'wrong-agency', params: { party: 'focal-point' } }],
  ['handover-awaiting-countersign', countStep('repatriation.handover.completed', R, ACTION_COUNTS['countersign-handover']), 'focal-point', true, 'countersign-handover'],
  ['assessed', countStep('case.closed', R, { referred: 0 }), 'consular', true, { code: 'wrong-agency', params: { party: 'focal-point' } }],
  ['assessed', countStep('case.note', R), 'consular', true, 'note'],
  ['closed', countStep('translation.status', R, { 'translation-needed': 1 }), 'consular', true, 'translation-status'],
  // The turn still comes first: the host's step is the host's whoever on the home side tries it.
  ['assessed', countStep('repatriation.handover.proposal', R, { persons: 1 }), 'consular', true, { code: 'not-your-turn', params: { side: 'responder' } }],
];

describe.each(TABLE)('in %s, %s', (state, step, party, consular, expected) => {
  it(`by the ${party}${consular ? ' (a consular party named)' : ''}: ${typeof expected === 'string' ? expected : expected.code}`, () => {
    const base = reached(consular ? consularPath(state) : PATHS.repatriation[state]!);
    const r = advanceCase(base, withParty(step, party));
    if (typeof expected === 'string') expect(r).toMatchObject({ ok: true, action: expected });
    else expect(r).toMatchObject({ ok: false, refusal: expected });
  });
});

describe('allowedActions by party', () => {
  it('offers the consular party the travel document (and talk), the focal point the rest', () => {
    const assessed = reached(consularPath('assessed'));
    expect(allowedActions(assessed, R, { party: 'consular' }).map((a) => a.name)).toEqual(['issue-travel-document']);
    expect(allowedActions(assessed, R, { party: 'consular', anytime: true }).map((a) => a.name)).toEqual(['issue-travel-document', 'note', 'translation-status']);
    expect(allowedActions(assessed, R).map((a) => a.name)).not.toContain('issue-travel-document');
    expect(allowedActions(assessed, R).map((a) => a.name)).toContain('assess');
    // Without a consular party the focal point issues it, as before.
    expect(allowedActions(reached(PATHS.repatriation['assessed']!), R).map((a) => a.name)).toContain('issue-travel-document');
  });
});

describe('deadlines with a consular party', () => {
  const TRAVEL: Deadline = {
    step: 'issue-travel-document', starts: 'repatriation.assessment', startsWhen: { fact: 'confirmed', min: 1 }, answeredBy: 'sender',
    endedBy: ['repatriation.travel-document'], within: 5, unit: 'business-days', source: 'secretariat-policy',
  };
  const CONFIRM: Deadline = { step: 'confirm-handover', starts: 'repatriation.handover.proposal', endedBy: ['repatriation.handover.confirmation'], within: 1, unit: 'business-days', source: 'secretariat-policy' };
  const embassy = { id: 'la-emb-beijing', calendar: 'CN', timezone: 'Asia/Shanghai' };
  // Assessed on Friday 25 September 2026 at 10:00 in Vientiane: China's National Day week follows.
  const steps: TimedStep[] = [
    { type: 'repatriation.request', side: I, at: '2026-09-20T03:00:00.000Z', counts: { persons: 1, consular: 1 } },
    { type: 'repatriation.assessment', side: R, at: '2026-09-25T03:00:00.000Z', counts: { confirmed: 1 } },
    { type: 'repatriation.handover.proposal', side: I, at: '2026-09-25T04:00:00.000Z', counts: { persons: 1 } },
  ];
  const run = (consular?: typeof embassy) =>
    caseDeadlines({ deadlines: [TRAVEL, CONFIRM], steps, parties: { initiator: 'cn-mps', responder: 'la-mlsw', consular }, now: '2026-09-26T00:00:00.000Z' });

  it('counts the travel document in the embassy calendar (Beijing time, Chinese days) and names the party that owes it', () => {
    const byStep = Object.fromEntries(run(embassy).map((d) => [d.step, d]));
    expect(byStep['issue-travel-document']).toMatchObject({ side: 'responder', party: 'consular', country: 'CN' });
    // The focal point's steps stay in the Lao calendar, with no party named.
    expect(byStep['confirm-handover']).toMatchObject({ side: 'responder', country: 'LA' });
    expect(byStep['confirm-handover']).not.toHaveProperty('party');
    // Five Chinese business days from 25 September: 28, 29, 30 September, then the National Day
    // holiday to 7 October, and Saturday 10 October is a make-up working day: due 9 October.
    expect(byStep['issue-travel-document']!.due.slice(0, 10)).toBe('2026-10-09');
  });

  it('without a consular party, the home focal point owes it in its own calendar', () => {
    const travel = run().find((d) => d.step === 'issue-travel-document')!;
    expect(travel).toMatchObject({ country: 'LA' });
    expect(travel).not.toHaveProperty('party');
  });
});

describe('random steps with a consular party: every copy stays equal', () => {
  const types = [...new Set(caseActions('repatriation').map((a) => a.type))];
  const counts = fc.constantFrom(...Object.values(ACTION_COUNTS), { documents: 1 }, { persons: 1 }, { referral: 1 }, {});
  const step = fc
    .record({ type: fc.constantFrom(...types), side: fc.constantFrom(I, R), counts, party: fc.constantFrom<Party>('focal-point', 'consular') })
    .map((s): CaseStep => ({ type: s.type, side: s.side, facts: { counts: s.counts }, ...(s.side === R ? { party: s.party } : {}) }));
  const start = fc.constantFrom(...Object.keys(PATHS.repatriation).map(consularPath));

  it('the sender, the focal point, the consular party and the audit agree', () => {
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 30 }), (path, steps) => {
        // Host, home focal point, consular party, audit (which knows the party by the sender's id).
        let copies = [reached(path), reached(path), reached(path), reached(path)];
        for (const s of steps) {
          const [first, ...rest] = copies.map((c) => advanceCase(c, s));
          if (!first!.ok) {
            for (const r of rest) expect(r.ok).toBe(false);
            continue;
          }
          for (const r of rest) expect(r).toEqual(first);
          copies = copies.map(() => (first as { state: CaseState }).state);
        }
      }),
      { numRuns: 200 },
    );
  });
});
