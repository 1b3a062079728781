import type { Deadline, TranslationDeadline } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { caseClocks, TRANSLATION_STEPS, type CaseMessage } from './case-clocks.ts';

// The audit rebuilds a case's clocks from metadata with the workflows' rules (issue 16): the
// translation pause ends at the job's due date, and the translation wait is a figure of its own.
const H = 3_600_000;
const la = (date: string, hh = 10) => new Date(Date.parse(`${date}T00:00:00Z`) + (hh - 7) * H).toISOString();
const decide: Deadline = {
  step: 'decide-repatriation', starts: 'repatriation.request', endedBy: ['repatriation.assessment'], within: 5, unit: 'business-days', source: 'secretariat-policy', pausesForTranslation: true,
};
const propose: Deadline = {
  step: 'propose-handover', starts: 'repatriation.assessment', startsWhen: { fact: 'confirmed', min: 1 }, endedBy: ['repatriation.handover.proposal'], within: 10, unit: 'business-days', source: 'secretariat-policy',
};
const translation: TranslationDeadline = { within: 3, unit: 'business-days', source: 'secretariat-policy' };
const ctx = (now: string) => ({ deadlines: [decide, propose], translation, initiator: 'th-msdhs', responder: 'la-mlsw', now: new Date(now) });

let n = 0;
const msg = (type: string, from: string, created: string, stats?: Record<string, number>, replyTo?: string): CaseMessage => ({ id: `m${n++}`, type, from, created, stats, replyTo });
const request = msg('repatriation.request', 'th-msdhs', la('2026-02-09'), { persons: 1 });
const needed = msg('translation.status', 'la-mlsw', la('2026-02-09'), { 'translation-needed': 1 }, request.id);

describe('caseClocks', () => {
  it('counts an untranslated request overdue once the job is past its due date and the step has run its own period', () => {
    const at = (now: string) => caseClocks([request, needed], ctx(now)).clocks.find((c) => c.step === 'decide-repatriation')!;
    expect(at(la('2026-02-11'))).toMatchObject({ paused: true, status: 'open', dueAt: la('2026-02-19') });
    const late = at(la('2026-02-20'));
    expect(late).toMatchObject({ paused: false, status: 'open', dueAt: la('2026-02-19') });
    // Nine Lao business days since the request, three of them paused for the translation: past its five.
    expect(late.businessMs).toBe(6 * 24 * H);
    expect(Date.parse(la('2026-02-20')) > Date.parse(late.dueAt!)).toBe(true);
  });

  it('reports the translation wait per translating side, in that side\'s business days, apart from the steps', () => {
    const reviewed = msg('translation.status', 'la-mlsw', la('2026-02-10'), { 'translation-reviewed': 1 }, request.id);
    const { clocks } = caseClocks([request, needed, reviewed], ctx(la('2026-02-16')));
    expect(clocks.filter((c) => c.step.startsWith('translation-'))).toEqual([
      expect.objectContaining({ step: TRANSLATION_STEPS.responder, side: 'responder', country: 'LA', startedAt: la('2026-02-09'), endedAt: la('2026-02-10'), status: 'met', businessMs: 24 * H }),
    ]);
    // No deadline of its own: the reports' deadline figures (agencies, stalls, overdue) leave it out.
    expect(clocks.find((c) => c.step === TRANSLATION_STEPS.responder)?.dueAt).toBeUndefined();
    expect(clocks.find((c) => c.step === 'decide-repatriation')).toMatchObject({ paused: false, dueAt: la('2026-02-17') });
  });

  it('opens a clock on the host side only for an assessment that confirmed someone (startsWhen, from stats)', () => {
    const negative = msg('repatriation.assessment', 'la-mlsw', la('2026-02-10'), { confirmed: 0, pending: 1 });
    const positive = msg('repatriation.assessment', 'la-mlsw', la('2026-02-11'), { confirmed: 1, pending: 0 });
    const steps = (list: CaseMessage[]) => caseClocks(list, ctx(la('2026-02-12'))).clocks.filter((c) => c.step === 'propose-handover');
    expect(steps([request, negative])).toEqual([]);
    expect(steps([request, negative, positive])).toEqual([expect.objectContaining({ side: 'initiator', country: 'TH', startedAt: la('2026-02-11'), status: 'open' })]);
  });
});
