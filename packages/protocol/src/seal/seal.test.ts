import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleBodies } from '../bodies/index.ts';
import { sha256Digest } from '../envelope/hash.ts';
import { isBusinessEnvelope } from '../envelope/schema.ts';
import { SealError } from '../errors.ts';
import { importPrivateKey } from '../keys/import.ts';
import { publicJwk } from '../keys/jwk.ts';
import { caseRef, UUID_V7 } from '../names.ts';
import { open } from '../open/open.ts';
import { NOW, laContext, makeFixture } from '../test-fixtures.ts';
import type { Fixture } from '../test-fixtures.ts';
import { seal } from './seal.ts';
import type { SealInput } from './seal.ts';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

const request = (extra: Partial<SealInput> = {}): SealInput => ({
  type: 'repatriation.request', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', lang: 'th',
  body: exampleBodies['repatriation.request'], stats: { persons: 2, female: 2, minors: 1 }, ...extra,
});
const keys = () => ({ signer: f.rings.th, recipientKey: f.directory.encryptionKeyFor('la-mlsw', new Date())! });

describe('seal', () => {
  it('seals a repatriation.request that la-mlsw opens to the same body', async () => {
    const sealed = await seal(request(), keys());
    expect(sealed.id).toMatch(UUID_V7);
    expect(sealed.payload).toMatchObject({ v: 1, id: sealed.id, thid: sealed.id, type: 'repatriation.request', from: 'th-msdhs', to: 'la-mlsw' });
    const r = await open(sealed.jws, { ...laContext(f), now: new Date() });
    if (!r.ok) throw new Error(r.problem.detail);
    expect(r.duplicate).toBe(false);
    expect(!r.duplicate && r.message.body).toEqual(exampleBodies['repatriation.request']);
    expect(r.message.envelopeHash).toBe(sealed.envelopeHash);
  });

  it('writes the header, the JWE and the digest of PROTOCOL.md', async () => {
    const sealed = await seal(request({ created: NOW }), keys());
    expect(decodeProtectedHeader(sealed.jws)).toEqual({ alg: 'EdDSA', kid: f.th.sig.kid, typ: 'mou+jws' });
    if (!isBusinessEnvelope(sealed.payload)) throw new Error('business');
    const { jwe } = sealed.payload.body;
    expect(decodeProtectedHeader(jwe)).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: f.la.enc.kid });
    const { plaintext } = await compactDecrypt(jwe, await importPrivateKey(f.la.enc));
    const inner = JSON.parse(new TextDecoder().decode(plaintext));
    expect(Object.keys(inner)).toEqual(['salt', 'body']);
    expect(Buffer.from(inner.salt, 'base64url')).toHaveLength(16);
    expect(sealed.payload.digest).toBe(sha256Digest(plaintext));
    expect(sealed.payload.created).toBe(NOW.toISOString());
    expect(sealed.payload.stats).toEqual({ persons: 2, female: 2, minors: 1 });
  });

  it('never puts the clear body in the JWS', async () => {
    const sealed = await seal(request(), keys());
    const payloadText = Buffer.from(sealed.jws.split('.')[1]!, 'base64url').toString();
    expect(payloadText).not.toContain('Baan Kredtrakarn');
  });

  it('sends receipts and problems in clear, without digest', async () => {
    const body = exampleBodies.receipt;
    const sealed = await seal({ type: 'receipt', agreement: 'la-th', from: 'la-mlsw', to: 'th-msdhs', body, replyTo: body.for }, { signer: f.la.sig });
    expect(sealed.payload.body).toEqual(body);
    expect(sealed.payload).not.toHaveProperty('digest');
  });

  it('throws SealError with field issues for an invalid body', async () => {
    const error = await seal(request({ type: 'case.note', body: { text: '' } }), keys()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealError);
    expect((error as SealError).issues).toEqual([expect.objectContaining({ path: 'body.text' })]);
  });

  it.each([
    ['no recipient key', { recipientKey: undefined }],
    ['a recipient key of another agency', { recipientKey: undefined, vn: true }],
    ['a signer of another agency', { signer: 'vn' }],
  ])('throws SealError for %s', async (_name, opts: Record<string, unknown>) => {
    const k = {
      signer: opts.signer === 'vn' ? f.rings.vn : f.rings.th,
      recipientKey: opts.vn ? publicJwk(f.vn.enc) : 'recipientKey' in opts ? undefined : keys().recipientKey,
    };
    await expect(seal(request(), k)).rejects.toBeInstanceOf(SealError);
  });

  it('throws SealError for a business type without lang, or a bad agency id', async () => {
    await expect(seal(request({ lang: undefined }), keys())).rejects.toBeInstanceOf(SealError);
    await expect(seal(request({ agreement: 'LA TH' }), keys())).rejects.toBeInstanceOf(SealError);
  });

  it('keeps the given id and thread', async () => {
    const id = '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0';
    const thid = '0193f3b6-0000-7000-8000-000000000000';
    const sealed = await seal(request({ id, thid, replyTo: thid }), keys());
    expect(sealed.payload).toMatchObject({ id, thid, replyTo: thid });
  });

  it('signs the case reference in the clear, and refuses one that is not a reference', async () => {
    const sealed = await seal(request({ ref: caseRef('la-th', 2026, 42) }), keys());
    expect(sealed.payload.ref).toBe('LA-TH-2026-0042');
    await expect(seal(request({ ref: 'case 42' }), keys())).rejects.toBeInstanceOf(SealError);
  });
});
