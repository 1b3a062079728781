import { describe, expect, it } from 'vitest';
import { canonicalText } from './canonical.ts';
import { entryText, envelopeEntry, parseEntry, type EvidenceEntry } from './entry.ts';

const good: EvidenceEntry = { v: 1, kind: 'envelope', direction: 'sent', at: '2026-03-01T08:00:01.000Z', jws: 'a.b.c' };
const text = (x: unknown): string => canonicalText(x);

describe('parseEntry', () => {
  it('reads a canonical entry of each kind', () => {
    expect(parseEntry(text(good))).toEqual({ ok: true, entry: good });
    expect(parseEntry(text({ v: 1, kind: 'directory', at: good.at, version: 3, jws: 'a.b.c' })).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['a re-spelled entry', JSON.stringify(good), 'not in RFC 8785 canonical form'],
    ['another version', text({ ...good, v: 2 }), 'unsupported version 2'],
    ['an unknown kind', text({ ...good, kind: 'note' }), 'unknown kind note'],
    ['no direction', text({ ...good, direction: 'up' }), 'direction is neither sent nor received'],
    ['a bad time', text({ ...good, at: '2026-03-01' }), 'at is not an RFC 3339 UTC time with milliseconds'],
    ['a non-JWS', text({ ...good, jws: 'plain' }), 'jws is not a compact JWS'],
    ['an extra member', text({ ...good, body: 'x' }), 'unknown member body'],
    ['a directory without version', text({ v: 1, kind: 'directory', at: good.at, jws: 'a.b.c' }), 'version is not a positive integer'],
  ])('refuses %s', (_name, input, reason) => {
    expect(parseEntry(input)).toEqual({ ok: false, reason });
  });
});

describe('envelopeEntry', () => {
  const jws = (type: string) => `e30.${Buffer.from(JSON.stringify({ type })).toString('base64url')}.c2ln`;
  it.each([['receipt', 'receipt'], ['problem', 'problem'], ['case.note', 'envelope']])('a %s is logged as %s', (type, kind) => {
    expect(envelopeEntry(jws(type), 'sent', new Date(0))).toEqual({ v: 1, kind, direction: 'sent', at: '1970-01-01T00:00:00.000Z', jws: jws(type) });
  });
});

describe('entryText', () => {
  it.each([
    good,
    { ...good, kind: 'receipt', direction: 'received', jws: 'a.b.c\u2028"\\' },
    { v: 1, kind: 'directory', at: good.at, version: 12, jws: 'x.y.z' },
  ] as EvidenceEntry[])('writes what the RFC 8785 canonicalizer writes: %j', (e) => {
    expect(entryText(e)).toBe(text(e));
  });
});
