import { HttpError } from '@mou-hub/service-kit';
import { describeBody } from '@mou-hub/web-kit';
import { bodySchemas, exampleBodies, validateBody } from '@mou-hub/protocol';
import { REFUSAL_CODES } from '@mou-hub/workflows';
import { describe, expect, it } from 'vitest';
import { LANGS, translator } from './i18n/index.ts';
import { wordRefusal } from './refusals.ts';

/** Each refusal with the parameters its producer gives it (workflows' machines, the node's case rules). */
const REFUSALS: Record<string, Record<string, unknown>> = {
  'not-an-opener': { type: 'case.note' },
  'not-your-turn': { state: 'handover-proposed', side: 'initiator', type: 'repatriation.handover.confirmation' },
  'step-not-allowed': { state: 'requested', type: 'repatriation.handover.completed' },
  'type-not-in-case': { kind: 'investigation', type: 'repatriation.assessment' },
  'case-closed': { state: 'closed', type: 'case.note' },
  'missing-fact': { type: 'repatriation.assessment', fact: 'confirmed' },
  'unknown-person': { type: 'repatriation.assessment', index: 1 },
  'person-not-ready': { type: 'repatriation.handover.proposal', index: 0, state: 'requested' },
  'countersign-mismatch': { fact: 'records', expected: 2, actual: 1 },
  'not-safe-to-return': { type: 'repatriation.handover.proposal', index: 1 },
  'no-consent-to-return': { type: 'repatriation.handover.proposal', index: 1 },
  'wrong-agency': { state: 'assessed', type: 'repatriation.travel-document', party: 'consular' },
  'action-not-open': { action: 'assess', state: 'handover-proposed', actions: ['note', 'close'] },
  'action-mismatch': { asked: 'note', applies: 'provide-information' },
  'not-a-party': { thread: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d', from: 'th-msdhs', to: 'la-mlsw', agreement: 'la-th' },
  'unknown-thread': { thread: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d' },
  'transport-rule': { type: 'receipt' },
};

const refused = (code: string, params: Record<string, unknown>) => new HttpError(409, 'invalid-state', `refused ${code}`, { refusal: { code, params } });

describe('refusals in the reader’s words', () => {
  it('covers every refusal the workflows give', () => {
    expect(REFUSAL_CODES.filter((c) => !(c in REFUSALS))).toEqual([]);
  });

  const rows = LANGS.flatMap((lang) => Object.entries(REFUSALS).map(([code, params]) => [lang, code, params] as const));
  it.each(rows)('%s %s: every parameter rendered, no code or {{…}} left', (lang, code, params) => {
    const { alert, status } = wordRefusal(translator(lang), refused(code, params));
    expect(status).toBe(409);
    expect(alert).not.toMatch(/\{\{|\}\}/);
    expect(alert).not.toMatch(/refusal\.|handover-proposed|repatriation\.|provide-information/);
    if ('index' in params) expect(alert).toContain(String((params['index'] as number) + 1));
  });

  it('a body problem is worded beside its field and named by its labels in the alert, never its path', () => {
    const body = structuredClone(exampleBodies['repatriation.request']) as { persons: { person: { dateOfBirth: string } }[] };
    body.persons[1]!.person.dateOfBirth = '2552-08-21';
    const checked = validateBody('repatriation.request', body);
    if (checked.ok) throw new Error('accepted');
    const err = new HttpError(400, 'schema-invalid', 'bad', checked.issues);
    const nodes = describeBody(bodySchemas['repatriation.request']);
    const th = wordRefusal(translator('th'), err, nodes);
    expect(Object.keys(th.fields)).toEqual(['persons.1.person.dateOfBirth']);
    expect(th.alert).toContain(`${translator('th')('bodyField.persons')} 2 › ${translator('th')('bodyField.person')} › ${translator('th')('bodyField.dateOfBirth')}:`);
    expect(th.alert).not.toMatch(/persons\.1|dateOfBirth|year-out-of-range|\{\{/);
  });
});
