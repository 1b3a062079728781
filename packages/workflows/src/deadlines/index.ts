export type {
  CaseDeadlineInput,
  Deadline,
  DeadlineStatus,
  DeadlineUnit,
  Pause,
  StepDeadline,
  TimedStep,
} from './types.ts';
export { answeringSide, caseDeadlines, opensClock, owedByConsular } from './deadlines.ts';
