/** Deadline input and output: the directory's policy applied to a case's history. */
import type { Deadline } from '@mou-hub/protocol';
import type { AgencyPlace } from '../calendar/calendar.ts';
import type { Side } from '../types.ts';

export type { Deadline };

/** Units a `Deadline` counts in. */
export type DeadlineUnit = Deadline['unit'];

/** One message of a case's history, as the deadline clock needs it. */
export interface TimedStep {
  /** Message type. */
  readonly type: string;
  /** Sender's side. */
  readonly side: Side;
  /** When it was sent (`created`), ISO 8601. */
  readonly at: string;
  /** Its `stats` (the counts of `stepFacts`): a deadline with `startsWhen` reads them. */
  readonly counts?: Readonly<Record<string, number>>;
}

/** An interval during which the clock stops (e.g. a document waits for translation). */
export interface Pause {
  /** Start, ISO 8601. */
  readonly from: string;
  /** End, ISO 8601; absent while the pause lasts. */
  readonly to?: string;
  /** Only this deadline step (`Deadline.step`) pauses; every open step when absent. */
  readonly step?: string;
}

/** What `caseDeadlines` needs. */
export interface CaseDeadlineInput {
  /** The agreement's deadline policy (`Agreement.deadlines`). */
  readonly deadlines: readonly Deadline[];
  /** The case's messages, both ways, in any order. */
  readonly steps: readonly TimedStep[];
  /**
   * The two agencies, as ids or with where they work (`placeOf`): the answering side's picks the
   * calendar. `consular`: the home (responder) side's consular party, when the case names one:
   * a step it acts (`consularPartyTypes`) is counted in its calendar (issue 16).
   */
  readonly parties: { readonly initiator: AgencyPlace; readonly responder: AgencyPlace; readonly consular?: AgencyPlace | undefined };
  /** Urgency of the opening request; deadlines with an `urgency` apply only when it matches. */
  readonly urgency?: 'normal' | 'urgent';
  /** Now, ISO 8601 (passed in: the module reads no clock). */
  readonly now: string;
  /** Intervals during which clocks stop. */
  readonly pauses?: readonly Pause[];
  /** Extra holiday files (an administrator's amendments, later years). */
  readonly holidayFiles?: readonly import('../calendar/types.ts').HolidayFile[];
}

/** How one deadline instance stands. */
export type DeadlineStatus = 'open' | 'met' | 'breached' | 'cancelled';

/** One step's deadline in a case. */
export interface StepDeadline {
  /** `Deadline.step`, e.g. `confirm-handover`. */
  readonly step: string;
  /** The side that must answer. */
  readonly side: Side;
  /** Which agency of that side owes it, when not its focal point: the home side's consular party. */
  readonly party?: 'consular';
  /** The country of the calendar that counts: the answering agency's (the embassy in Beijing: `CN`). */
  readonly country: string;
  /** When the clock started (the `starts` message, or the last restart). */
  readonly startedAt: string;
  /** When the answer is due, ISO 8601 (for an open pause: if it ended now). */
  readonly due: string;
  /** `open`; `met`/`breached` once answered; `cancelled` when the case closed first. */
  readonly status: DeadlineStatus;
  /** Open, past due and not paused now. */
  readonly overdue: boolean;
  /** A pause holds the clock now. */
  readonly paused: boolean;
  /** When it was answered (or the case closed). */
  readonly endedAt?: string;
  /** Wall-clock time from start to end (or now). */
  readonly rawElapsedMs: number;
  /** The same minus paused time. */
  readonly netElapsedMs: number;
  /** The policy's period. */
  readonly within: number;
  /** The policy's unit. */
  readonly unit: DeadlineUnit;
}
