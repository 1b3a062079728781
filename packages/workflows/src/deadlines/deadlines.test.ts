import type { Deadline } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { answeringSide, caseDeadlines, opensClock } from './deadlines.ts';
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

describe('caseDeadlines: a clock on every wait (issue 16)', () => {
  const assessment = (counts: Record<string, number>, when = at('2026-02-09')): TimedStep => ({ type: 'repatriation.assessment', side: 'responder', at: when, counts });
  const PROPOSE = policy({ step: 'propose-handover', starts: 'repatriation.assessment', startsWhen: { fact: 'confirmed', min: 1 }, endedBy: ['repatriation.handover.proposal'], within: 10, unit: 'business-days' });
  const INFO = policy({ step: 'provide-information', starts: 'repatriation.assessment', startsWhen: { fact: 'pending', min: 1 }, endedBy: ['case.note'], within: 10, unit: 'business-days' });
  const DOCUMENT = policy({ step: 'issue-travel-document', starts: 'repatriation.assessment', startsWhen: { fact: 'confirmed', min: 1 }, answeredBy: 'sender', endedBy: ['repatriation.travel-document'], within: 10, unit: 'business-days' });
  const COUNTERSIGN = policy({ step: 'countersign-handover', starts: 'repatriation.handover.completed', startsWhen: { fact: 'countersign', max: 0 }, endedBy: ['repatriation.handover.completed'], within: 5, unit: 'business-days' });
  const all = [PROPOSE, INFO, DOCUMENT, COUNTERSIGN];
  const clocks = (steps: TimedStep[], now = at('2026-02-10')) => caseDeadlines({ deadlines: all, steps, parties: TH_TO_LA, now });

  it.each([
    ['a positive assessment: the host proposes, the home side issues the document', { confirmed: 1, pending: 0 }, [['issue-travel-document', 'responder'], ['propose-handover', 'initiator']]],
    ['information asked for: the host answers', { confirmed: 0, pending: 1 }, [['provide-information', 'initiator']]],
    ['both at once', { confirmed: 1, pending: 1 }, [['issue-travel-document', 'responder'], ['propose-handover', 'initiator'], ['provide-information', 'initiator']]],
    ['no person confirmed nor pending: no clock', { confirmed: 0, pending: 0, 'not-confirmed': 1 }, []],
    ['an assessment without stats opens no conditional clock', undefined, []],
  ] as const)('%s', (_, counts, expected) => {
    const list = clocks([counts ? assessment(counts) : { type: 'repatriation.assessment', side: 'responder', at: at('2026-02-09') }]);
    expect(list.map((d) => [d.step, d.side])).toEqual(expected);
  });

  it('a clock answered by the sender ends with its own next step, not the other side’s', () => {
    const steps = [assessment({ confirmed: 1 }), step('repatriation.travel-document', 'initiator', at('2026-02-10')), step('repatriation.travel-document', 'responder', at('2026-02-11'))];
    expect(clocks(steps, at('2026-02-12')).find((d) => d.step === 'issue-travel-document')).toMatchObject({ status: 'met', endedAt: at('2026-02-11'), country: 'LA' });
  });

  it('the countersign clock starts with the host completion, not with the countersign, and a correction restarts it', () => {
    const completed = (side: TimedStep['side'], countersign: number, when: string): TimedStep => ({ type: 'repatriation.handover.completed', side, at: when, counts: { records: 1, countersign } });
    const steps = [completed('initiator', 0, at('2026-02-09')), completed('initiator', 0, at('2026-02-10')), completed('responder', 1, at('2026-02-12'))];
    expect(clocks(steps, at('2026-02-13')).map((d) => [d.step, d.startedAt, d.status])).toEqual([['countersign-handover', at('2026-02-10'), 'met']]);
    expect(clocks(steps.slice(0, 1), at('2026-02-17', 11))).toMatchObject([{ step: 'countersign-handover', due: at('2026-02-16'), overdue: true }]);
  });

  it.each([
    [{ fact: 'n', min: 1 }, 0, false],
    [{ fact: 'n', min: 1 }, 1, true],
    [{ fact: 'n', max: 0 }, 0, true],
    [{ fact: 'n', max: 0 }, 1, false],
    [{ fact: 'n', min: 1, max: 2 }, 3, false],
  ] as const)('startsWhen %j with a count of %i opens a clock: %s', (when, n, opens) => {
    expect(opensClock({ ...PROPOSE, startsWhen: when }, { type: 'repatriation.assessment', counts: { n } })).toBe(opens);
  });

  it('answeringSide: the other side by default, the sender when the policy says so', () => {
    expect(answeringSide(PROPOSE, 'responder')).toBe('initiator');
    expect(answeringSide(DOCUMENT, 'responder')).toBe('responder');
  });
});
