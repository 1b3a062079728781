import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { envelopeHash } from './hash.ts';
import { EnvelopeSchema } from './schema.ts';

const id = '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0';
const base = { v: 1, id, agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', thid: id, created: '2026-03-01T08:00:00.000Z' };
const business = { ...base, type: 'case.note', lang: 'th', body: { jwe: 'a.b.c.d.e' }, digest: `sha256:${'A'.repeat(43)}` };
const receipt = { ...base, type: 'receipt', body: { for: id } };
const ok = (x: unknown) => v.is(EnvelopeSchema, x);

describe('EnvelopeSchema', () => {
  it('takes a business and a protocol envelope', () => {
    expect(ok(business)).toBe(true);
    expect(ok({ ...business, stats: { persons: 2, female: 2, minors: 1 }, replyTo: id, expires: base.created })).toBe(true);
    expect(ok(receipt)).toBe(true);
  });

  it('requires lang, an encrypted body and a digest for business types', () => {
    const { lang: _l, ...noLang } = business;
    const { digest: _d, ...noDigest } = business;
    expect(ok(noLang)).toBe(false);
    expect(ok(noDigest)).toBe(false);
    expect(ok({ ...business, body: { text: 'clear' } })).toBe(false);
  });

  it('refuses a digest on a receipt, unknown fields and types', () => {
    expect(ok({ ...receipt, digest: business.digest })).toBe(false);
    expect(ok({ ...business, extra: true })).toBe(false);
    expect(ok({ ...business, type: 'case.gossip' })).toBe(false);
  });

  it('stats are non-negative integer counts under lower-case names, never strings', () => {
    for (const stats of [{ persons: '2' }, { persons: -1 }, { persons: 1.5 }, { 'Somchai Village': 1 }]) {
      expect(ok({ ...business, stats })).toBe(false);
    }
  });

  it('a case reference is capitals, a year and a serial, nothing else', () => {
    expect(ok({ ...business, ref: 'LA-TH-2026-0042' })).toBe(true);
    expect(ok({ ...receipt, ref: 'LA-NATIONAL-2026-10042' })).toBe(true);
    for (const ref of ['la-th-2026-0042', 'LA-TH-26-0042', 'LA-TH-2026-42', 'Somchai-2026-0042 ', '']) expect(ok({ ...business, ref }), ref).toBe(false);
  });

  it('timestamps are UTC with milliseconds', () => {
    expect(ok({ ...business, created: '2026-03-01T08:00:00Z' })).toBe(false);
    expect(ok({ ...business, created: '2026-03-01T08:00:00.000+07:00' })).toBe(false);
  });
});

describe('envelopeHash', () => {
  it('is sha256 of the UTF-8 bytes, base64url', () => {
    expect(envelopeHash('abc')).toBe('sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(envelopeHash(Buffer.from('abc'))).toBe(envelopeHash('abc'));
  });
});
