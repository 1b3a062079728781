import { TRANSLATION_STATUSES, type TranslationStatus } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { advanceTranslation, isTranslationOpen, TRANSLATION_ACTIONS, type TranslationAction, type TranslationJobState } from './machine.ts';

const noy = { id: 'noy', roles: ['translator'] };
const kham = { id: 'kham', roles: ['translator'] };
const boss = { id: 'boss', roles: ['supervisor'] };
const officer = { id: 'officer', roles: ['liaison-officer'] };

/** Every move the machine allows, as `status action → status`; every other pair is refused. */
const LEGAL: Record<string, TranslationStatus> = {
  'needed claim': 'claimed',
  'machine-draft claim': 'claimed',
  'claimed submit': 'translated',
  'returned submit': 'translated',
  'translated approve': 'reviewed',
  'translated return': 'returned',
  'needed machine-draft': 'machine-draft',
  'needed not-needed': 'not-needed',
  'claimed not-needed': 'not-needed',
  'translated not-needed': 'not-needed',
  'returned not-needed': 'not-needed',
  'machine-draft not-needed': 'not-needed',
};

/** Who acts: the claimant submits, a second translator reviews, a supervisor decides. */
function actorFor(action: TranslationAction) {
  if (action === 'not-needed') return boss;
  if (action === 'approve' || action === 'return') return kham;
  return noy;
}

describe('advanceTranslation', () => {
  const pairs = TRANSLATION_STATUSES.flatMap((s) => TRANSLATION_ACTIONS.map((a) => [s, a] as const));

  it.each(pairs)('%s + %s: moves as the table says, or refuses invalid-state', (status, action) => {
    const r = advanceTranslation({ status, translator: 'noy' }, action, actorFor(action));
    const to = LEGAL[`${status} ${action}`];
    if (to) expect(r).toMatchObject({ ok: true, state: { status: to } });
    else expect(r).toEqual({ ok: false, refusal: { code: 'invalid-state', params: { action, status } } });
  });

  it('records the claimant and the reviewer', () => {
    const claimed = advanceTranslation({ status: 'needed' }, 'claim', noy);
    expect(claimed).toEqual({ ok: true, state: { status: 'claimed', translator: 'noy' } });
    const reviewed = advanceTranslation({ status: 'translated', translator: 'noy' }, 'approve', kham);
    expect(reviewed).toEqual({ ok: true, state: { status: 'reviewed', translator: 'noy', reviewer: 'kham' } });
  });

  it.each<[string, TranslationJobState, TranslationAction, { id: string; roles: string[] }, string]>([
    ['a translator approving their own translation', { status: 'translated', translator: 'noy' }, 'approve', noy, 'own-translation'],
    ['a translator returning their own translation', { status: 'translated', translator: 'noy' }, 'return', noy, 'own-translation'],
    ['another translator submitting a claimed job', { status: 'claimed', translator: 'noy' }, 'submit', kham, 'not-claimant'],
    ['another translator submitting a returned job', { status: 'returned', translator: 'noy' }, 'submit', kham, 'not-claimant'],
    ['an officer without the role claiming', { status: 'needed' }, 'claim', officer, 'missing-role'],
    ['a supervisor approving', { status: 'translated', translator: 'noy' }, 'approve', boss, 'missing-role'],
    ['a translator deciding a job is not needed', { status: 'needed' }, 'not-needed', noy, 'missing-role'],
  ])('refuses %s', (_, state, action, actor, code) => {
    const r = advanceTranslation(state, action, actor);
    expect(r.ok ? undefined : r.refusal.code).toBe(code);
  });

  it('checks the role before the status', () => {
    const r = advanceTranslation({ status: 'reviewed' }, 'claim', officer);
    expect(r.ok ? undefined : r.refusal.code).toBe('missing-role');
  });
});

describe('isTranslationOpen', () => {
  it.each(TRANSLATION_STATUSES)('%s', (status) => {
    expect(isTranslationOpen(status)).toBe(status !== 'reviewed' && status !== 'not-needed');
  });
});
