export type {
  CaseDeadlineInput,
  Deadline,
  DeadlineStatus,
  DeadlineUnit,
  Pause,
  StepDeadline,
  TimedStep,
} from './types.ts';
import type { CaseDeadlineInput, StepDeadline } from './types.ts';

/** Every deadline instance of a case, in the answering country's calendar. */
export function caseDeadlines(input: CaseDeadlineInput): StepDeadline[] {
  void input;
  throw new Error('not implemented yet');
}
