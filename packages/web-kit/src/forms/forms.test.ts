import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { bodySchemas, exampleBodies, validateBody, type MessageType } from '@mou-hub/protocol';
import { describeBody, describeField, leaves, type FormNode } from './describe.ts';
import { formValues, localToUtc, readForm, utcToLocal, type PostedForm } from './read.ts';

// Every type that has a schema now (types being added elsewhere join when their schema does).
const TYPES = Object.keys(bodySchemas) as MessageType[];
const pick = (nodes: readonly FormNode[], key: string) => nodes.find((n) => n.key === key)!;

describe('describeField', () => {
  it.each([
    ['a short text', v.pipe(v.string(), v.maxLength(200)), { kind: 'input', input: 'text', maxLength: 200 }],
    ['a narrative', v.pipe(v.string(), v.maxLength(20_000)), { kind: 'input', input: 'textarea', maxLength: 20_000 }],
    ['a date', bodySchemas['investigation.extension'].entries.newDate, { kind: 'input', input: 'date' }],
    ['a number with bounds', v.pipe(v.number(), v.minValue(0), v.maxValue(120)), { kind: 'input', input: 'number', min: 0, max: 120 }],
    ['a yes/no', v.boolean(), { kind: 'boolean', nullable: false }],
    ['a yes/no/not yet', v.nullable(v.boolean()), { kind: 'boolean', nullable: true }],
    ['a code list by its name', v.picklist(['Feminine', 'Masculine']), { kind: 'choice', list: 'gender' }],
    ['an unknown list by the key', v.picklist(['a', 'b']), { kind: 'choice', list: 'x' }],
    ['several codes', v.array(v.picklist(['Threat', 'Force'])), { kind: 'choices', list: 'means', min: 0 }],
  ])('%s', (_, schema, expected) => {
    expect(describeField('x', schema)).toMatchObject({ key: 'x', required: true, ...expected });
  });

  it('an optional entry is not required', () => {
    expect(describeField('x', v.optional(v.string()))).toMatchObject({ required: false, kind: 'input' });
  });

  it('the handover record: an instant, officers with an agency picker, signatures, no attachment input', () => {
    const [records] = describeBody(bodySchemas['repatriation.handover.completed']).filter((n) => n.key === 'records');
    expect(records).toMatchObject({ kind: 'list', min: 1, max: 50, item: { kind: 'group' } });
    const record = (records as Extract<FormNode, { kind: 'list' }>).item as Extract<FormNode, { kind: 'group' }>;
    expect(pick(record.fields, 'handedOverAt')).toMatchObject({ kind: 'input', input: 'datetime-local' });
    expect(pick((pick(record.fields, 'handingOfficer') as Extract<FormNode, { kind: 'group' }>).fields, 'agency')).toMatchObject({ input: 'agency' });
    expect(pick((pick(record.fields, 'signatures') as Extract<FormNode, { kind: 'group' }>).fields, 'form')).toMatchObject({ kind: 'attachment', required: false });
    const checkpoint = pick(record.fields, 'checkpoint') as Extract<FormNode, { kind: 'variant' }>;
    expect(checkpoint).toMatchObject({ kind: 'variant', discriminator: 'id', list: 'checkpoint' });
    expect(checkpoint.options.map((o) => [o.value, o.fields.length])).toEqual([
      ['nong-khai-vientiane-friendship-bridge', 0], ['cau-treo', 0], ['boten-mohan', 0], ['phou-lakkham', 0], ['other', 1],
    ]);
  });

  it('a body that is a variant: choose the option, then its fields', () => {
    const [closed] = describeBody(bodySchemas['case.closed']);
    expect(closed).toMatchObject({ kind: 'variant', key: '', discriminator: 'status', list: 'caseStatus' });
    const options = (closed as Extract<FormNode, { kind: 'variant' }>).options;
    expect(options.map((o) => [o.value, o.fields.map((f) => f.key)])).toEqual([
      ['Closed', ['reason']],
      ['ClosedReferred', ['reason', 'referredTo']],
    ]);
  });

  it.each(TYPES)('%s: every field has an input', (type) => {
    const unsupported = leaves(describeBody(bodySchemas[type])).filter((n) => n.kind === 'unsupported');
    expect(unsupported).toEqual([]);
  });
});

/** The posted fields of `body`, as a browser would post the form filled in (minutes, no seconds). */
const post = (nodes: readonly FormNode[], body: unknown): PostedForm => formValues(nodes, body, { utcOffsetMinutes: 0 });

/** Every attachment reference in a body. */
function attachmentsIn(x: unknown): { name: string }[] {
  if (Array.isArray(x)) return x.flatMap(attachmentsIn);
  if (x && typeof x === 'object') return 'digest' in x && 'name' in x ? [x as { name: string }] : Object.values(x).flatMap(attachmentsIn);
  return [];
}

describe('readForm', () => {
  // A receipt's instant has seconds; a datetime-local input has minutes (officers never send receipts).
  it.each(TYPES.filter((t) => t !== 'receipt'))(
    '%s: the example body, posted as form fields, reads back to itself',
    (type) => {
      const nodes = describeBody(bodySchemas[type]);
      const refs = new Map(JSON.stringify(exampleBodies[type]).includes('"digest"') ? attachmentsIn(exampleBodies[type]).map((a) => [a.name, a]) : []);
      const body = readForm(nodes, post(nodes, exampleBodies[type]), { utcOffsetMinutes: 0, attachment: (name) => refs.get(name) });
      expect(body).toEqual(exampleBodies[type]);
      expect(validateBody(type, body).ok).toBe(true);
    },
  );

  it('drops blank rows and empty optional fields, keeps a number that is not one as text for the schema to refuse', () => {
    const nodes = describeBody(bodySchemas['repatriation.request']);
    const form: PostedForm = {
      'persons[0].person.givenName': 'Khamla',
      'persons[0].person.ageWhenTrafficked': 'sixteen',
      'persons[0].person.familyName': '  ',
      'persons[1].person.givenName': '',
      'persons[1].victim.act': [],
      urgency: 'urgent',
    };
    const body = readForm(nodes, form, { utcOffsetMinutes: 0 }) as { persons: { person: Record<string, unknown> }[] };
    expect(body.persons).toHaveLength(1);
    expect(body.persons[0]!.person).toEqual({ givenName: 'Khamla', ageWhenTrafficked: 'sixteen' });
    expect(body).toEqual({ urgency: 'urgent', persons: body.persons });
  });

  it('reads the chosen option of a variant only', () => {
    const nodes = describeBody(bodySchemas['repatriation.handover.confirmation']);
    const form = { confirmed: 'false', 'confirmed:false.reason': 'The bridge is closed.', 'confirmed:false.alternativeDate': '2026-04-02', 'confirmed:true.receivingOfficers[0].name': 'x' };
    expect(readForm(nodes, form, { utcOffsetMinutes: 0 })).toEqual({ confirmed: false, reason: 'The bridge is closed.', alternativeDate: '2026-04-02' });
  });

  it.each([
    ['2026-03-20T09:30', 420, '2026-03-20T02:30:00.000Z'],
    ['2026-03-20T09:30', 480, '2026-03-20T01:30:00.000Z'],
    ['2026-03-20T09:30', 0, '2026-03-20T09:30:00.000Z'],
    ['20/03/2026 09:30', 420, undefined],
  ])('local %s at UTC%+d is %s', (local, offset, utc) => {
    expect(localToUtc(local, offset)).toBe(utc);
    if (utc) expect(utcToLocal(utc, offset)).toBe(local);
  });
});
