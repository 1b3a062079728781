export type {
  CaseDeadlineInput,
  Deadline,
  DeadlineStatus,
  DeadlineUnit,
  Pause,
  StepDeadline,
  TimedStep,
} from './types.ts';
export { caseDeadlines } from './deadlines.ts';
