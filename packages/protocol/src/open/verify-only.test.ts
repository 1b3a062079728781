import { beforeAll, describe, expect, it } from 'vitest';
import { NOW, makeFixture, notePayload, signRaw } from '../test-fixtures.ts';
import type { Fixture } from '../test-fixtures.ts';
import { verifyOnly, type VerifyContext, type VerifyResult } from './verify-only.ts';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

const code = (r: VerifyResult) => (r.ok ? 'ok' : r.problem.code);
const ctx = (extra: Partial<VerifyContext> = {}): VerifyContext => ({
  directory: f.directory,
  subject: { to: 'la-mlsw', from: 'th-msdhs' },
  at: NOW,
  ...extra,
});
const note = async (overrides: Record<string, unknown> = {}, signer?: Fixture['th']['sig']) =>
  signRaw(await notePayload(f, overrides), signer ?? f.th.sig);

describe('verifyOnly: checks 1 to 9, no key', () => {
  it('verifies a sealed note without decrypting it: no body, no salt', async () => {
    const r = await verifyOnly(await note(), ctx());
    expect(r.ok).toBe(true);
    expect(r.ok && r.message.payload.type).toBe('case.note');
    expect(r.ok && Object.keys(r.message)).toEqual(['header', 'payload', 'envelopeHash', 'jws']);
  });

  it('never throws, whatever it is given', async () => {
    expect(code(await verifyOnly(null as never, ctx()))).toBe('malformed');
    expect(code(await verifyOnly(new Uint8Array([0xff, 0x2e, 0x2e]), ctx()))).toBe('malformed');
  });

  it.each<[string, () => Promise<{ raw: string; extra?: Partial<VerifyContext> }>, string, boolean]>([
    ['1 too-large', async () => ({ raw: await note(), extra: { maxBytes: 50 } }), 'too-large', false],
    ['2 malformed', async () => ({ raw: 'a.b.c' }), 'malformed', false],
    ['3 unknown-key (revoked when created)', async () => ({ raw: await note({}, f.thOld.sig) }), 'unknown-key', false],
    ['4 bad-signature', async () => {
      const [a, b] = [await note(), await note({ thid: '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c1' })];
      return { raw: `${a.split('.').slice(0, 2).join('.')}.${b.split('.')[2]}` };
    }, 'bad-signature', false],
    ['5 unsupported-version', async () => ({ raw: await note({ v: 2 }) }), 'unsupported-version', true],
    ['6 sender-mismatch (subject)', async () => ({ raw: await note(), extra: { subject: { to: 'la-mlsw', from: 'vn-mps' } } }), 'sender-mismatch', true],
    ['7 not-for-me (subject names another recipient)', async () => ({ raw: await note(), extra: { subject: { to: 'vn-mps', from: 'th-msdhs' } } }), 'not-for-me', true],
    ['8 agreement-violation', async () => ({ raw: await note({ agreement: 'la-vn' }) }), 'agreement-violation', true],
    ['9 future-dated against the stream time', async () => ({ raw: await note(), extra: { at: new Date(NOW.getTime() - 600_000) } }), 'future-dated', true],
    ['9 expired', async () => ({ raw: await note({ expires: NOW.toISOString() }) }), 'expired', true],
    ['9 expired: created long before the stream received it', async () => ({ raw: await note(), extra: { at: new Date(NOW.getTime() + 120_000), maxLagMs: 60_000 } }), 'expired', true],
  ])('%s', async (_name, make, expected, verified) => {
    const { raw, extra } = await make();
    const r = await verifyOnly(raw, ctx(extra));
    expect(code(r)).toBe(expected);
    expect(!r.ok && r.problem.verified).toBe(verified);
  });

  it('accepts a message for any recipient when no subject is given (the observer is not the recipient)', async () => {
    expect(code(await verifyOnly(await note(), ctx({ subject: undefined })))).toBe('ok');
  });
});
