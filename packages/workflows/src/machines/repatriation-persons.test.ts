/**
 * Issue 16: gates on a handover (safe to return, consent to return), alternative care and back,
 * and the person actions (information per person, withdrawal with a reason, a person added).
 */
import { exampleBodies } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { bodyStep } from '../test-support.ts';
import type { CaseState, CaseStep } from '../types.ts';
import { advanceCase, replayCase } from './index.ts';

const request = exampleBodies['repatriation.request'];
const assessment = exampleBodies['repatriation.assessment'];
const proposal = exampleBodies['repatriation.handover.proposal'];
const [a1, a2] = assessment.persons as unknown as [Record<string, unknown>, Record<string, unknown>];

/** P2, the child, assessed not safe to return (her uncle sold her). */
const childUnsafe = { ...assessment, persons: [a1, { ...a2, safeToReturn: false, familyFound: true }] };
const childSafeNow = { ...assessment, persons: [{ ...a2, safeToReturn: true }] };
const only = (ref: string) => ({ ...proposal, persons: [ref] });
const care = (ref: string, reason: string) => ({ personRef: ref, reason });

/** The case after `steps`, from the bodies (a party's view); throws on a refusal. */
function run(...steps: CaseStep[]): CaseState {
  const r = replayCase(steps);
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.state;
}
/** The same steps from counts alone (the audit's view) reach the same case-level state. */
function auditState(...steps: CaseStep[]): string {
  const r = replayCase(steps.map((s) => ({ type: s.type, side: s.side, facts: { counts: s.facts.counts } })));
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.state.state;
}

const opened = bodyStep('repatriation.request', 'initiator');
const unsafe = bodyStep('repatriation.assessment', 'responder', childUnsafe);

describe('handover gates', () => {
  it.each([
    ['a child assessed not safe to return', [opened, unsafe], 'P2', 'not-safe-to-return'],
    ['a person without consent to return', [bodyStep('repatriation.request', 'initiator', { ...request, persons: [{ ...request.persons[0]!, returnConsent: undefined }, request.persons[1]!] }), bodyStep('repatriation.assessment', 'responder')], 'P1', 'no-consent-to-return'],
    ['a person whose consent to return was refused', [bodyStep('repatriation.request', 'initiator', { ...request, persons: [{ ...request.persons[0]!, returnConsent: { given: false, by: 'self', date: '2026-02-10' } }, request.persons[1]!] }), bodyStep('repatriation.assessment', 'responder')], 'P1', 'no-consent-to-return'],
  ] as const)('refuses to propose %s', (_, steps, ref, code) => {
    const at = run(...steps);
    const both = advanceCase(at, bodyStep('repatriation.handover.proposal', 'initiator', proposal));
    expect(both).toEqual({ ok: false, refusal: { code, params: { type: 'repatriation.handover.proposal', index: ref === 'P1' ? 0 : 1 } } });
    const other = ref === 'P1' ? 'P2' : 'P1';
    expect(advanceCase(at, bodyStep('repatriation.handover.proposal', 'initiator', only(other)))).toMatchObject({ ok: true, state: { state: 'handover-proposed' } });
  });

  it('lets the audit, without bodies, follow the same case states', () => {
    expect(auditState(opened, unsafe, bodyStep('repatriation.handover.proposal', 'initiator', only('P1')))).toBe('handover-proposed');
  });
});

describe('alternative care and back (fixed steps)', () => {
  const inCare = [opened, unsafe, bodyStep('repatriation.person.alternative-care', 'responder', care('P2', 'not-safe-to-return'))];

  it('moves the child to alternative-care with its reason, keeps the case, and bars her from a proposal', () => {
    const s = run(...inCare);
    expect(s.state).toBe('assessed');
    expect(s.persons['P2']).toMatchObject({ state: 'alternative-care', careReason: 'not-safe-to-return', resumeTo: 'assessed', safeToReturn: false });
    expect(advanceCase(s, bodyStep('repatriation.handover.proposal', 'initiator', only('P2')))).toMatchObject({
      ok: false,
      refusal: { code: 'person-not-ready', params: { index: 0, state: 'alternative-care' } },
    });
  });

  it('brings her back when a new assessment finds her safe, and she may then be proposed', () => {
    const back = run(...inCare, bodyStep('repatriation.assessment', 'responder', childSafeNow));
    expect(back.persons['P2']).toEqual({ state: 'assessed', safeToReturn: true, returnConsent: true });
    expect(advanceCase(back, bodyStep('repatriation.handover.proposal', 'initiator', only('P2')))).toMatchObject({ ok: true });
  });

  it('assesses her again while the others\' handover is being agreed, without moving the case', () => {
    const proposed = run(...inCare, bodyStep('repatriation.handover.proposal', 'initiator', only('P1')));
    const again = advanceCase(proposed, bodyStep('repatriation.assessment', 'responder', childSafeNow));
    expect(again).toMatchObject({ ok: true, state: { state: 'handover-proposed', persons: { P1: { state: 'handover-proposed' }, P2: { state: 'assessed' } } } });
    expect(auditState(...inCare, bodyStep('repatriation.handover.proposal', 'initiator', only('P1')), bodyStep('repatriation.assessment', 'responder', childSafeNow))).toBe('handover-proposed');
  });

  it('resumes her without a new finding: back in the case, still barred until she is safe', () => {
    const resumed = run(...inCare, bodyStep('repatriation.person.resumed', 'initiator', { personRef: 'P2' }));
    expect(resumed.persons['P2']).toMatchObject({ state: 'assessed', safeToReturn: false });
    expect(advanceCase(resumed, bodyStep('repatriation.handover.proposal', 'initiator', only('P2')))).toMatchObject({ ok: false, refusal: { code: 'not-safe-to-return' } });
  });

  it('records consent to return when a person resumes, which opens the gate', () => {
    const noConsent = bodyStep('repatriation.request', 'initiator', { ...request, persons: [{ ...request.persons[0]!, returnConsent: undefined }] });
    const steps = [noConsent, bodyStep('repatriation.assessment', 'responder', { ...assessment, persons: [a1] }), bodyStep('repatriation.person.alternative-care', 'initiator', care('P1', 'no-consent-to-return'))];
    const consent = { given: true, by: 'self', date: '2026-03-01' };
    const s = run(...steps, bodyStep('repatriation.person.resumed', 'initiator', { personRef: 'P1', returnConsent: consent }));
    expect(s.persons['P1']).toMatchObject({ state: 'assessed', returnConsent: true });
    expect(advanceCase(s, bodyStep('repatriation.handover.proposal', 'initiator', only('P1')))).toMatchObject({ ok: true });
  });

  it.each([
    ['resume a person not in care', bodyStep('repatriation.person.resumed', 'responder', { personRef: 'P1' }), 'person-not-ready'],
    ['move a stranger to care', bodyStep('repatriation.person.alternative-care', 'responder', care('P9', 'other')), 'unknown-person'],
  ] as const)('refuses to %s', (_, step, code) => {
    expect(advanceCase(run(opened, unsafe), step)).toMatchObject({ ok: false, refusal: { code } });
  });
});

describe('person actions', () => {
  it.each(['witness', 'absconded', 'not-national', 'deceased', 'other'])('withdraws a person for %s; she can no longer be proposed', (reason) => {
    const s = run(opened, unsafe, bodyStep('repatriation.person.withdrawn', 'initiator', { personRef: 'P1', reason }));
    expect(s).toMatchObject({ state: 'assessed', memory: { withdrawn: 1 }, persons: { P1: { state: 'closed', reason: 'withdrawn', withdrawal: reason } } });
    expect(advanceCase(s, bodyStep('repatriation.handover.proposal', 'initiator', only('P1')))).toMatchObject({ ok: false, refusal: { code: 'person-not-ready' } });
  });

  it('closes the case when every person is withdrawn, in the parties\' and the audit\'s view', () => {
    const steps = [opened, bodyStep('repatriation.person.withdrawn', 'initiator', { personRef: 'P1', reason: 'witness' }), bodyStep('repatriation.person.withdrawn', 'responder', { personRef: 'P2', reason: 'not-national' })];
    expect(run(...steps)).toMatchObject({ state: 'closed', memory: { closedBy: 'withdrawn', closedStatus: 'Closed' } });
    expect(auditState(...steps)).toBe('closed');
  });

  it('adds a person found later; the home side assesses her; adding a known ref is refused', () => {
    const added = bodyStep('repatriation.person.added', 'initiator');
    const s = run(opened, unsafe, added);
    expect(s).toMatchObject({ state: 'assessed', memory: { persons: 3 }, persons: { P3: { state: 'requested', returnConsent: true } } });
    const p3 = { ...assessment, persons: [{ ...a2, personRef: 'P3' }] };
    expect(advanceCase(s, bodyStep('repatriation.assessment', 'responder', p3))).toMatchObject({ ok: true, state: { persons: { P3: { state: 'assessed' } } } });
    expect(advanceCase(s, added)).toMatchObject({ ok: false, refusal: { code: 'person-not-ready', params: { index: 0, state: 'requested' } } });
    expect(auditState(opened, unsafe, added)).toBe('assessed');
  });

  it.each([
    ['the host', 'initiator', true],
    ['the home side', 'responder', false],
  ] as const)('%s adding a person is allowed: %s', (_, side, ok) => {
    expect(advanceCase(run(opened), bodyStep('repatriation.person.added', side)).ok).toBe(ok);
  });

  it('answers the information asked about one person: her own state, and the case when it waited for it', () => {
    const pending = { ...assessment, persons: [{ ...a1, nationalityConfirmed: null, nationalityReason: 'Family book not found.' }, a2] };
    const asked = run(opened, bodyStep('repatriation.assessment', 'responder', pending));
    expect(asked).toMatchObject({ state: 'assessed', persons: { P1: { state: 'information-requested' } } });
    const answer = bodyStep('repatriation.person.information', 'initiator', { personRef: 'P1', text: 'The family book page is attached.' });
    expect(advanceCase(asked, answer)).toMatchObject({ ok: true, state: { state: 'assessed', persons: { P1: { state: 'requested' } } } });
    const allPending = { ...assessment, persons: [pending.persons[0]] };
    const waiting = run(bodyStep('repatriation.request', 'initiator', { ...request, persons: [request.persons[0]!] }), bodyStep('repatriation.assessment', 'responder', allPending));
    expect(waiting.state).toBe('information-requested');
    expect(advanceCase(waiting, answer)).toMatchObject({ ok: true, state: { state: 'requested', persons: { P1: { state: 'requested' } } } });
    expect(advanceCase(run(opened), answer)).toMatchObject({ ok: false, refusal: { code: 'person-not-ready', params: { state: 'requested' } } });
  });

  it('refuses every person action once a handover is recorded', () => {
    const recorded = run(opened, bodyStep('repatriation.assessment', 'responder'), bodyStep('repatriation.handover.proposal', 'initiator'), bodyStep('repatriation.handover.confirmation', 'responder'), bodyStep('repatriation.handover.completed', 'initiator'));
    for (const type of ['repatriation.person.added', 'repatriation.person.withdrawn', 'repatriation.person.alternative-care'] as const) {
      expect(advanceCase(recorded, bodyStep(type, 'initiator'))).toMatchObject({ ok: false, refusal: { code: 'step-not-allowed' } });
    }
  });
});

describe('province referral (DOMAIN.md step 2)', () => {
  const referral = bodyStep('repatriation.province-referral', 'responder');

  it('puts the case with the province until the assessment comes back, in both views', () => {
    const s = run(opened, referral);
    expect(s.state).toBe('with-province');
    expect(auditState(opened, referral)).toBe('with-province');
    expect(advanceCase(s, referral)).toMatchObject({ ok: true, state: { state: 'with-province' } });
    expect(advanceCase(s, bodyStep('repatriation.assessment', 'responder'))).toMatchObject({ ok: true, state: { state: 'assessed' } });
    expect(auditState(opened, referral, bodyStep('repatriation.assessment', 'responder'))).toBe('assessed');
  });

  it.each([
    ['the host side refers', run(opened), bodyStep('repatriation.province-referral', 'initiator'), 'not-your-turn'],
    ['a referral after the assessment', run(opened, bodyStep('repatriation.assessment', 'responder')), referral, 'step-not-allowed'],
  ] as const)('refuses %s', (_, at, step, code) => {
    expect(advanceCase(at, step)).toMatchObject({ ok: false, refusal: { code } });
  });

  it('lets persons be withdrawn or moved to care while the case is with the province', () => {
    const s = run(opened, referral, bodyStep('repatriation.person.withdrawn', 'initiator', { personRef: 'P1', reason: 'absconded' }));
    expect(s).toMatchObject({ state: 'with-province', persons: { P1: { state: 'closed', withdrawal: 'absconded' } } });
  });
});
