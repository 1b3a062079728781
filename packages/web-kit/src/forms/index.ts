/** Forms described from valibot schemas: describe, draw, read back, and word their problems. */
export { describeBody, describeField, leaves, TEXTAREA_FROM, type FormNode, type InputType, type VariantOption } from './describe.ts';
export { codeKey, codeLabel, fieldLabel, fieldProblem, pathLabel, WORDED_KINDS } from './labels.ts';
export { childName, childPath, inputId, itemName, optionName } from './names.ts';
export { formValues, localToUtc, readForm, utcToLocal, type PostedForm, type ReadOptions } from './read.ts';
export { ADD_ROW, FormInputs, Node, type FormView } from './render.tsx';
export { BODY_CATALOGS } from './catalogs.ts';
