import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '../message-types.ts';
import { bodySchemas, exampleBodies, validateBody } from './index.ts';

describe('bodySchemas', () => {
  it('has a schema and an example for every message type, and nothing else', () => {
    expect(Object.keys(bodySchemas).sort()).toEqual([...MESSAGE_TYPES].sort());
    expect(Object.keys(exampleBodies).sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it.each(MESSAGE_TYPES)('accepts the example %s body', (type) => {
    expect(validateBody(type, exampleBodies[type])).toEqual({ ok: true, body: exampleBodies[type] });
  });

  it.each(MESSAGE_TYPES)('rejects an unknown key in the %s body', (type) => {
    const result = validateBody(type, { ...exampleBodies[type], extra: 1 });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'extra' }] });
  });

  it('keeps the examples frozen', () => {
    expect(() => {
      (exampleBodies['case.note'] as { text: string }).text = 'changed';
    }).toThrow(TypeError);
  });
});

describe('validateBody', () => {
  it('answers an unknown type with an issue, without throwing', () => {
    expect(validateBody('repatriation.teleport', {})).toEqual({
      ok: false,
      issues: [{ path: 'type', kind: 'invalid', expected: null, params: {}, message: 'unknown message type' }],
    });
    expect(validateBody('__proto__', {})).toMatchObject({ ok: false, issues: [{ path: 'type' }] });
  });

  it.each([null, undefined, 42, 'text', [], () => 1])('never throws on a body of %s', (body) => {
    for (const type of MESSAGE_TYPES) expect(validateBody(type, body).ok).toBe(false);
  });

  it('never echoes a received value in its messages', () => {
    const result = validateBody('repatriation.request', {
      ...exampleBodies['repatriation.request'],
      hostShelter: { name: 'Secret Shelter Name', province: 42 },
      urgency: 'Secret Urgency',
    });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/Secret/);
  });

  it("gives the schema's own message for a rule", () => {
    const result = validateBody('investigation.extension', { newDate: '2026-03-20', reason: '   ' });
    expect(result).toEqual({ ok: false, issues: [{ path: 'reason', kind: 'blank', expected: null, params: {}, message: 'must not be blank' }] });
  });
});
