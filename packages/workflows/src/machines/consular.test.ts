import { exampleBodies } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { bodyStep, countStep, PATHS } from '../test-support.ts';
import { replayCase } from './index.ts';

const result = exampleBodies['consular.verification.result'];
const notConfirmed = { personRef: result.personRef, nationalityConfirmed: false, basis: 'No entry in the family book of the named village.' };

describe('consular verification', () => {
  it('ends verified, with the woman verified', () => {
    const r = replayCase([bodyStep('consular.verification.request', 'initiator'), bodyStep('consular.verification.result', 'responder')]);
    expect(r).toMatchObject({ ok: true, action: 'verify-nationality', state: { state: 'verified', persons: { C1: { state: 'verified' } } } });
  });

  it('ends not verified, and may be verified later on new evidence, with its reason', () => {
    const steps = [bodyStep('consular.verification.request', 'initiator'), bodyStep('consular.verification.result', 'responder', notConfirmed)];
    expect(replayCase(steps)).toMatchObject({ ok: true, state: { state: 'not-verified', persons: { C1: { state: 'not-verified' } } } });
    const corrected = { ...exampleBodies['consular.verification.result'], revisionReason: 'Her father came to the district office with the family book.' };
    expect(replayCase([...steps, bodyStep('consular.verification.result', 'responder', corrected)])).toMatchObject({
      ok: true,
      state: { state: 'verified', memory: { revisions: 1 }, persons: { C1: { state: 'verified' } } },
    });
  });

  it('corrects a verified finding with its reason (issue 16); the audit follows from stats', () => {
    const verified = [bodyStep('consular.verification.request', 'initiator'), bodyStep('consular.verification.result', 'responder')];
    const wrong = { ...notConfirmed, revisionReason: 'The family book entry was of her cousin; the province withdrew its finding.' };
    const r = replayCase([...verified, bodyStep('consular.verification.result', 'responder', wrong)]);
    expect(r).toMatchObject({ ok: true, state: { state: 'not-verified', memory: { revisions: 1 }, persons: { C1: { state: 'not-verified' } } } });
    const audit = replayCase([...verified, bodyStep('consular.verification.result', 'responder', wrong)].map((s) => ({ ...s, facts: { counts: s.facts.counts } })));
    expect(audit).toMatchObject({ ok: true, state: { state: 'not-verified' } });
  });

  it.each([
    ['the embassy answers its own request', 'requested', 'initiator', { confirmed: 1 }, 'not-your-turn'],
    ['a second finding after verified, without a reason', 'verified', 'responder', { confirmed: 0 }, 'step-not-allowed'],
    ['a second finding after not verified, without a reason', 'not-verified', 'responder', { confirmed: 1 }, 'step-not-allowed'],
    ['a correction by the embassy', 'verified', 'initiator', { confirmed: 0, revision: 1 }, 'not-your-turn'],
    ['a finding on a closed case', 'closed', 'responder', { confirmed: 1 }, 'case-closed'],
  ] as const)('refuses %s', (_, at, side, counts, code) => {
    const r = replayCase([...PATHS['consular-verification'][at]!, countStep('consular.verification.result', side, { ...counts })]);
    expect(r).toMatchObject({ ok: false, refusal: { code } });
  });

  it('refuses a finding about a person the request did not name', () => {
    const r = replayCase([bodyStep('consular.verification.request', 'initiator'), bodyStep('consular.verification.result', 'responder', { ...result, personRef: 'X9' })]);
    expect(r).toMatchObject({ ok: false, refusal: { code: 'unknown-person', params: { index: 0 } } });
  });
});
