export {
  TRANSLATION_ACTIONS,
  TRANSLATION_ACTION_ROLES,
  FINAL_TRANSLATION_STATUSES,
  advanceTranslation,
  isTranslationOpen,
} from './machine.ts';
export type { TranslationAction, TranslationActor, TranslationJobState, TranslationRefusal } from './machine.ts';
export { sameLanguage, translationTarget } from './policy.ts';
export type { TranslationPolicyInput } from './policy.ts';
export { caseTranslationPauses, translationJobDue, translationPauses, translationPausesFor, translationWaits } from './pauses.ts';
export type { CaseTranslationJob, TranslationClockInput, TranslationStatusChange, TranslationWait } from './pauses.ts';
