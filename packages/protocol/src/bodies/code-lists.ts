/**
 * Every code list the bodies pick from, by the name the catalogs label it under
 * (`choice.<list>.<value>`). A form or a received body finds a field's list with `codeListOf`.
 */
import { PROBLEM_CODES } from '../problem-codes.ts';
import { TRANSLATION_STATUSES } from './case.ts';
import { CONSULAR_CIRCUMSTANCES } from './consular.ts';
import { URGENCIES } from './common.ts';
import { CHECKPOINTS } from './handover.ts';
import {
  CASE_STATUSES,
  CONSENT_GIVERS,
  DOCUMENT_HOLDERS,
  DOCUMENT_TYPES,
  EXPLOITATION_TYPES,
  GENDERS,
  METHODS_OF_CONTROL,
  METHODS_OF_RECRUITMENT,
  RELATIONSHIPS_TO_TRAFFICKER,
  TRAFFICKING_ACTS,
  TRAFFICKING_MEANS,
  TRAFFICKING_STATUSES,
} from './htcds.ts';
import { INVESTIGATION_KINDS, PLATFORMS, SUBJECT_ROLES } from './investigation.ts';
import { REINTEGRATION_SERVICES, REINTEGRATION_STAGES, REPATRIATION_REQUESTS } from './repatriation.ts';

/**
 * The code lists by name. Order matters for {@link codeListOf}: a list that is part of another
 * (travel document types) is labelled by the first list holding all its values.
 */
export const CODE_LISTS = {
  gender: GENDERS,
  traffickingStatus: TRAFFICKING_STATUSES,
  typeOfExploitation: EXPLOITATION_TYPES,
  methodsOfControl: METHODS_OF_CONTROL,
  methodOfRecruitment: METHODS_OF_RECRUITMENT,
  relationshipToTrafficker: RELATIONSHIPS_TO_TRAFFICKER,
  act: TRAFFICKING_ACTS,
  means: TRAFFICKING_MEANS,
  caseStatus: CASE_STATUSES,
  documentType: DOCUMENT_TYPES,
  heldBy: DOCUMENT_HOLDERS,
  by: CONSENT_GIVERS,
  requests: REPATRIATION_REQUESTS,
  stage: REINTEGRATION_STAGES,
  services: REINTEGRATION_SERVICES,
  checkpoint: [...CHECKPOINTS, 'other'],
  kind: INVESTIGATION_KINDS,
  role: SUBJECT_ROLES,
  platform: PLATFORMS,
  subjectType: ['person', 'phone', 'online-account', 'bank-account'],
  completeness: ['partial', 'full'],
  circumstances: CONSULAR_CIRCUMSTANCES,
  urgency: URGENCIES,
  confirmed: ['true', 'false'],
  translationStatus: TRANSLATION_STATUSES,
  documentKind: ['message', 'attachment'],
  problem: PROBLEM_CODES,
} as const satisfies Record<string, readonly string[]>;

/** A code list's name. */
export type CodeList = keyof typeof CODE_LISTS;

/**
 * The first list holding every one of `values`, if any.
 * @example codeListOf(['Feminine', 'Masculine']) // 'gender'
 */
export function codeListOf(values: readonly string[]): CodeList | undefined {
  if (values.length === 0) return undefined;
  return (Object.keys(CODE_LISTS) as CodeList[]).find((name) => {
    const list: readonly string[] = CODE_LISTS[name];
    return values.every((x) => list.includes(x));
  });
}
