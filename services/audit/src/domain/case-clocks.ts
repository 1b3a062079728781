import type { Deadline, TranslationDeadline } from '@mou-hub/protocol';
import {
  caseDeadlines,
  caseKindOf,
  calendarAt,
  caseTranslationPauses,
  type AgencyPlace,
  factsFromStats,
  runningTime,
  startCase,
  advanceCase,
  translationWaits,
  type BusinessCalendar,
  type CaseStep,
  type Side,
  type StepDeadline,
} from '@mou-hub/workflows';
import { translationJobsOf } from './translation-jobs.ts';

/** One message of a case as the audit holds it: metadata and stats, never a body. */
export interface CaseMessage {
  id: string;
  type: string;
  from: string;
  /** The signed `created`: the nodes' deadlines count from it too. */
  created: string;
  stats?: Record<string, number> | undefined;
  /** The message this one answers (a translation status names the translated message). */
  replyTo?: string | undefined;
}

/** One clock of a case: a deadline instance, or the opener's receipt or close (no deadline). */
export interface Clock {
  step: string;
  /** 0, 1, … among clocks of the same step. */
  instance: number;
  /** The type whose sending started it. */
  startsType: string;
  /** The side that must answer: the clock is on its desk while it runs. */
  side: Side;
  /** The home side's consular party owes it (issue 16), not its focal point. */
  party?: 'consular' | undefined;
  country: string;
  startedAt: string;
  dueAt?: string | undefined;
  endedAt?: string | undefined;
  status: StepDeadline['status'];
  calendarMs: number;
  netMs: number;
  businessMs: number;
  /** A translation pause holds the clock now. */
  paused: boolean;
}

/** Clock from the opener to its signed receipt. */
export const RECEIPT_STEP = 'receipt';
/** Clock from the opener to `case.closed`. */
export const CLOSE_STEP = 'close';
/**
 * Clocks of the time a side waited for its translations (no deadline: a figure of its own),
 * one instance per stretch of open jobs, named by the translating side so that the turnaround
 * cells keep the two sides apart.
 */
export const TRANSLATION_STEPS: Readonly<Record<Side, string>> = { initiator: 'translation-initiator', responder: 'translation-responder' };

/** A case's clocks and state, as the nodes would compute them from the same messages. */
export interface CaseClocks {
  /** The workflow's case-level state, or `open` when no machine knows the opener. */
  state: string;
  clocks: Clock[];
}

/** What a case needs besides its messages. */
export interface CaseContext {
  deadlines: readonly Deadline[];
  initiator: string;
  responder: string;
  /** The home side's consular party beside `responder`, when the case names one (issue 16). */
  consular?: string | undefined;
  /** Where each party works (`placeOf` of the directory's agency): picks its calendar and time zone. */
  places?: { initiator: AgencyPlace; responder: AgencyPlace; consular?: AgencyPlace | undefined } | undefined;
  now: Date;
  /** The agreement's translation policy: a job's due date caps the pause it puts on a step. */
  translation?: TranslationDeadline | undefined;
  /** The `created` of the receipt the responder signed for the opener, if any. */
  receiptAt?: string | undefined;
}

const calendars = new Map<string, BusinessCalendar>();
/** The calendar an agency works by, from `@mou-hub/workflows` (the case deadlines' own), cached. */
export function calendarOf(place: AgencyPlace): BusinessCalendar {
  const key = JSON.stringify(place);
  let calendar = calendars.get(key);
  if (!calendar) calendars.set(key, (calendar = calendarAt(place)));
  return calendar;
}

/**
 * Rebuilds a case from its messages with the shared machines: the state from `stats` alone
 * (`replayCase` over `factsFromStats`), the clocks from the directory's deadlines
 * (`caseDeadlines`), and the business time of each clock in the answering country.
 *
 * @example
 * const { state, steps } = caseClocks(messages, { deadlines: agreement.deadlines, initiator, responder, now });
 */
export function caseClocks(messages: readonly CaseMessage[], ctx: CaseContext): CaseClocks {
  const side = (from: string): Side => (from === ctx.initiator ? 'initiator' : 'responder');
  const opener = messages[0];
  const urgent = (opener?.stats?.['urgent'] ?? 0) > 0;
  const parties = ctx.places ?? { initiator: ctx.initiator, responder: ctx.responder, ...(ctx.consular ? { consular: ctx.consular } : {}) };
  const timed = messages.map((m) => ({ type: m.type, side: side(m.from), at: m.created, ...(m.stats ? { counts: m.stats } : {}) }));
  const jobs = translationJobsOf(messages, side);
  const pauses = caseTranslationPauses({ deadlines: ctx.deadlines, translation: ctx.translation, steps: timed, parties, jobs });
  const steps = caseDeadlines({
    deadlines: ctx.deadlines,
    steps: timed,
    parties,
    urgency: urgent ? 'urgent' : 'normal',
    now: ctx.now.toISOString(),
    pauses,
  });
  const seen = new Map<string, number>();
  const clocks: Clock[] = steps.map((s) => {
    const end = s.endedAt ?? ctx.now.toISOString();
    const calendar = calendarOf(s.party === 'consular' && parties.consular ? parties.consular : parties[s.side]);
    const own = pauses.filter((p) => p.step === undefined || p.step === s.step);
    const instance = seen.get(s.step) ?? 0;
    seen.set(s.step, instance + 1);
    return {
      step: s.step,
      instance,
      startsType: ctx.deadlines.find((d) => d.step === s.step)?.starts ?? opener?.type ?? '',
      side: s.side,
      ...(s.party ? { party: s.party } : {}),
      country: s.country,
      startedAt: s.startedAt,
      dueAt: s.due,
      endedAt: s.endedAt,
      status: s.status,
      calendarMs: s.rawElapsedMs,
      netMs: s.netElapsedMs,
      // Business time net of translation pauses: the deadline's own arithmetic (workflows).
      businessMs: runningTime(calendar, 'business-days', s.startedAt, end, own),
      paused: s.paused,
    };
  });
  const stretches = new Map<Side, number>();
  for (const w of translationWaits({ parties, jobs, now: ctx.now.toISOString() })) {
    const instance = stretches.get(w.side) ?? 0;
    stretches.set(w.side, instance + 1);
    clocks.push({
      step: TRANSLATION_STEPS[w.side], instance, startsType: 'translation.status', side: w.side, country: calendarOf(parties[w.side]).country,
      startedAt: w.from, endedAt: w.to, status: w.to ? 'met' : 'open', calendarMs: w.rawMs, netMs: w.rawMs, businessMs: w.businessMs, paused: false,
    });
  }
  if (opener) {
    const closed = messages.find((m) => m.type === 'case.closed');
    clocks.push(
      plainClock(RECEIPT_STEP, opener, ctx.receiptAt, ctx, parties.responder),
      plainClock(CLOSE_STEP, opener, closed?.created, ctx, parties.responder),
    );
  }
  return { state: stateOf(messages, side, ctx.consular), clocks };
}

function stateOf(messages: readonly CaseMessage[], side: (from: string) => Side, consular: string | undefined): string {
  if (!messages[0] || !caseKindOf(messages[0].type)) return 'open';
  const steps: CaseStep[] = messages
    .filter((m) => m.type !== 'case.note' && m.type !== 'translation.status')
    .map((m) => ({ type: m.type, side: side(m.from), facts: factsFromStats(m.stats), id: m.id, ...(m.from === consular ? { party: 'consular' as const } : {}) }));
  // Step by step, skipping what the machine refuses: the recipient refused it too (a problem).
  const [first, ...rest] = steps;
  const started = startCase(first!);
  if (!started.ok) return 'open';
  let state = started.state;
  for (const step of rest) {
    const next = advanceCase(state, step);
    if (next.ok) state = next.state;
  }
  return state.state;
}

/** A clock without a deadline, on the responder's side, from the opener to `endedAt`. */
function plainClock(step: string, opener: CaseMessage, endedAt: string | undefined, ctx: CaseContext, responder: AgencyPlace): Clock {
  const end = endedAt ?? ctx.now.toISOString();
  const calendar = calendarOf(responder);
  const country = calendar.country;
  const ms = Math.max(0, Date.parse(end) - Date.parse(opener.created));
  return {
    step, instance: 0, startsType: opener.type, side: 'responder', country, startedAt: opener.created, endedAt,
    status: endedAt ? 'met' : 'open', calendarMs: ms, netMs: ms, businessMs: runningTime(calendar, 'business-days', opener.created, end), paused: false,
  };
}
