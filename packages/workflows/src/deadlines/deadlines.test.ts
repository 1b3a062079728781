import type { Deadline } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { caseDeadlines } from './deadlines.ts';
import type { CaseDeadlineInput, TimedStep } from './types.ts';

/** `hh`:00 local time in Bangkok and Vientiane (UTC+7) on `date`. */
const at = (date: string, hh = 10) => new Date(Date.parse(`${date}T00:00:00Z`) + (hh - 7) * 3_600_000).toISOString();
const policy = (d: Omit<Deadline, 'source'>): Deadline => ({ ...d, source: 'secretariat-policy' });

const ASSESS = policy({ step: 'assess', starts: 'repatriation.request', endedBy: ['repatriation.assessment'], within: 3, unit: 'business-days' });
const CONFIRM = policy({ step: 'confirm-handover', starts: 'repatriation.handover.proposal', endedBy: ['repatriation.handover.confirmation'], within: 1, unit: 'business-days' });
const ACK = policy({ step: 'acknowledge', starts: 'investigation.request', endedBy: ['investigation.acknowledgement', 'investigation.response'], within: 1, unit: 'business-days' });
const URGENT = policy({ step: 'answer-urgent', starts: 'investigation.request', endedBy: ['investigation.response'], within: 8, unit: 'hours', urgency: 'urgent' });
const NORMAL = policy({ step: 'answer', starts: 'investigation.request', endedBy: ['investigation.response'], within: 14, unit: 'days', urgency: 'normal' });

const TH_TO_LA = { initiator: 'th-msdhs', responder: 'la-mlsw' };
const LA_TO_TH = { initiator: 'la-mps', responder: 'th-rtp' };
const step = (type: string, side: TimedStep['side'], when: string): TimedStep => ({ type, side, at: when });

function run(input: Partial<CaseDeadlineInput> & Pick<CaseDeadlineInput, 'steps' | 'now'>) {
  return caseDeadlines({ deadlines: [ASSESS, CONFIRM, ACK, URGENT, NORMAL], parties: TH_TO_LA, ...input });
}

describe('caseDeadlines across Pi Mai and Songkran (April 2026)', () => {
  const request = step('repatriation.request', 'initiator', at('2026-04-10'));

  it('counts a Lao answer in the Lao calendar: three business days from Friday skip Pi Mai', () => {
    const [d] = run({ steps: [request], now: at('2026-04-16') });
    expect(d).toMatchObject({ step: 'assess', side: 'responder', country: 'LA', due: at('2026-04-20'), status: 'open', overdue: false });
  });

  it('counts a Thai answer in the Thai calendar: one business day from Friday skips Songkran', () => {
    const investigation = step('investigation.request', 'initiator', at('2026-04-10'));
    const list = run({ parties: LA_TO_TH, steps: [investigation], now: at('2026-04-16', 11) });
    expect(list.find((d) => d.step === 'acknowledge')).toMatchObject({ country: 'TH', due: at('2026-04-16'), overdue: true });
    // The same request to Laos would have been due on Monday 13 April.
    const toLaos = run({ parties: { initiator: 'th-rtp', responder: 'la-mps' }, steps: [investigation], now: at('2026-04-16', 11) });
    expect(toLaos.find((d) => d.step === 'acknowledge')).toMatchObject({ country: 'LA', due: at('2026-04-13') });
  });

  it.each([
    [at('2026-04-20', 9), 'met'],
    [at('2026-04-20', 11), 'breached'],
  ])('an assessment sent %s has %s its deadline', (when, status) => {
    const [d] = run({ steps: [request, step('repatriation.assessment', 'responder', when)], now: at('2026-05-01') });
    expect(d).toMatchObject({ status, endedAt: when, overdue: false });
  });

  it('is not ended by the asking side, and is cancelled when the case closes first', () => {
    const own = run({ steps: [request, step('repatriation.assessment', 'initiator', at('2026-04-13'))], now: at('2026-04-21') });
    expect(own[0]).toMatchObject({ status: 'open', overdue: true });
    const closed = run({ steps: [request, step('case.closed', 'initiator', at('2026-04-13'))], now: at('2026-04-21') });
    expect(closed[0]).toMatchObject({ status: 'cancelled', overdue: false, endedAt: at('2026-04-13') });
  });

  it("a Lao public holiday in July: Women's Union Day", () => {
    const proposal = step('repatriation.handover.proposal', 'initiator', at('2026-07-17'));
    expect(run({ steps: [proposal], now: at('2026-07-20') })[0]).toMatchObject({ step: 'confirm-handover', due: at('2026-07-21'), overdue: false });
  });

  it('a new proposal replaces an unanswered one; each answered proposal keeps its own clock', () => {
    const steps = [
      step('repatriation.handover.proposal', 'initiator', at('2026-03-02')),
      step('repatriation.handover.proposal', 'initiator', at('2026-03-03')),
      step('repatriation.handover.confirmation', 'responder', at('2026-03-04')),
      step('repatriation.handover.proposal', 'initiator', at('2026-03-05')),
    ];
    const list = run({ steps, now: at('2026-03-05', 12) });
    expect(list.map((d) => [d.startedAt, d.status])).toEqual([
      [at('2026-03-03'), 'met'],
      [at('2026-03-05'), 'open'],
    ]);
  });
});

describe('caseDeadlines: urgency and extensions', () => {
  const investigation = step('investigation.request', 'initiator', at('2026-03-02', 9));

  it('applies the 8-hour deadline only to an urgent request', () => {
    const urgent = run({ parties: LA_TO_TH, steps: [investigation], urgency: 'urgent', now: at('2026-03-02', 18) });
    expect(urgent.map((d) => d.step)).toEqual(['acknowledge', 'answer-urgent']);
    expect(urgent[1]).toMatchObject({ due: at('2026-03-02', 17), overdue: true });
    const normal = run({ parties: LA_TO_TH, steps: [investigation], now: at('2026-03-02', 18) });
    expect(normal.map((d) => d.step)).toEqual(['acknowledge', 'answer']);
  });

  it('an extension from the requested side restarts the answer clock', () => {
    const steps = [
      investigation,
      step('investigation.acknowledgement', 'responder', at('2026-03-03', 9)),
      step('investigation.extension', 'responder', at('2026-03-10', 9)),
    ];
    const answer = run({ parties: LA_TO_TH, steps, now: at('2026-03-17') }).find((d) => d.step === 'answer');
    expect(answer).toMatchObject({ startedAt: at('2026-03-10', 9), due: at('2026-03-24', 9), status: 'open' });
  });
});

describe('caseDeadlines: pauses for translation', () => {
  const request = step('repatriation.request', 'initiator', at('2026-04-10'));

  it('stops the clock during a pause and reports raw and net time', () => {
    // Friday 17 April 10:00 to Monday 20 April 10:00: one Lao business day of running time.
    const pauses = [{ from: at('2026-04-17'), to: at('2026-04-20') }];
    const [d] = run({ steps: [request], pauses, now: at('2026-04-20') });
    expect(d).toMatchObject({ due: at('2026-04-21'), overdue: false, paused: false });
    expect(d?.rawElapsedMs).toBe(10 * 24 * 3_600_000);
    expect(d?.netElapsedMs).toBe(7 * 24 * 3_600_000);
  });

  it('is never overdue while paused, and overdue once the pause ends', () => {
    const open = [{ from: at('2026-04-17') }];
    expect(run({ steps: [request], pauses: open, now: at('2026-04-28') })[0]).toMatchObject({ paused: true, overdue: false });
    const ended = [{ from: at('2026-04-17'), to: at('2026-04-20') }];
    expect(run({ steps: [request], pauses: ended, now: at('2026-04-28') })[0]).toMatchObject({ paused: false, overdue: true });
  });

  it('pauses only the step a pause names', () => {
    const pauses = [{ from: at('2026-04-10'), step: 'confirm-handover' }];
    expect(run({ steps: [request], pauses, now: at('2026-04-28') })[0]).toMatchObject({ step: 'assess', paused: false, overdue: true });
  });
});
