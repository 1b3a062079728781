/**
 * The audit's copy of a case with the home side's consular party (issue 16), from stats alone:
 * the embassy's travel document is replayed as the consular party's step, and the clock it owes
 * runs in its calendar and is marked as its own.
 */
import { describe, expect, it } from 'vitest';
import type { Deadline } from '@mou-hub/protocol';
import { caseClocks, type CaseMessage } from './case-clocks.ts';

const policy = (d: Omit<Deadline, 'source'>): Deadline => ({ ...d, source: 'secretariat-policy' });
const DEADLINES = [
  policy({ step: 'issue-travel-document', starts: 'repatriation.assessment', startsWhen: { fact: 'confirmed', min: 1 }, answeredBy: 'sender', endedBy: ['repatriation.travel-document'], within: 10, unit: 'business-days' }),
  policy({ step: 'propose-handover', starts: 'repatriation.travel-document', endedBy: ['repatriation.handover.proposal'], within: 5, unit: 'business-days' }),
];
const m = (id: string, type: string, from: string, created: string, stats: Record<string, number>): CaseMessage => ({ id, type, from, created, stats });
const MESSAGES = [
  m('a', 'repatriation.request', 'cn-mps', '2026-09-01T02:00:00.000Z', { persons: 1, urgent: 0, 'return-consent': 1, consular: 1 }),
  m('b', 'repatriation.assessment', 'la-mlsw', '2026-09-03T02:00:00.000Z', { persons: 1, confirmed: 1, 'not-confirmed': 0, pending: 0 }),
  m('c', 'repatriation.travel-document', 'la-emb-beijing', '2026-09-07T02:00:00.000Z', { documents: 1 }),
];
const places = {
  initiator: { id: 'cn-mps' },
  responder: { id: 'la-mlsw' },
  consular: { id: 'la-emb-beijing', calendar: 'CN', timezone: 'Asia/Shanghai' },
};
const now = new Date('2026-09-08T00:00:00.000Z');

describe('caseClocks with a consular party', () => {
  it('replays the embassy travel document and puts its clock on the embassy, in Chinese days', () => {
    const r = caseClocks(MESSAGES, { deadlines: DEADLINES, initiator: 'cn-mps', responder: 'la-mlsw', consular: 'la-emb-beijing', places, now });
    expect(r.state).toBe('travel-document-issued');
    expect(r.clocks.find((c) => c.step === 'issue-travel-document')).toMatchObject({ side: 'responder', party: 'consular', country: 'CN', status: 'met' });
    expect(r.clocks.find((c) => c.step === 'propose-handover')).toMatchObject({ side: 'initiator', status: 'open' });
    expect(r.clocks.find((c) => c.step === 'propose-handover')).not.toHaveProperty('party');
  });

  it('without knowing the consular party, the travel document is refused (wrong agency) and its clock stays on la-mlsw', () => {
    const r = caseClocks(MESSAGES, { deadlines: DEADLINES, initiator: 'cn-mps', responder: 'la-mlsw', places: { initiator: 'cn-mps', responder: 'la-mlsw' }, now });
    expect(r.state).toBe('assessed');
    expect(r.clocks.find((c) => c.step === 'issue-travel-document')).toMatchObject({ country: 'LA' });
    expect(r.clocks.find((c) => c.step === 'issue-travel-document')).not.toHaveProperty('party');
  });
});
