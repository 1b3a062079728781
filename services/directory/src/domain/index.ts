export { applyChange } from './change.ts';
export type { Applied, DirectoryChange } from './change.ts';
export { checkAgreement, CONSULAR_AGREEMENT } from './agreement.ts';
export { checkNewKey } from './keys.ts';
export type { ChangeProblem, ChangeResult } from './problem.ts';
