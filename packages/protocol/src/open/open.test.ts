import { CompactEncrypt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Digest } from '../envelope/hash.ts';
import { importPublicKey } from '../keys/import.ts';
import { Directory } from '../directory/directory.ts';
import { envelopeHash } from '../envelope/hash.ts';
import { publicJwk } from '../keys/jwk.ts';
import { seal } from '../seal/seal.ts';
import { NOW, encryptRaw, laContext, makeFixture, notePayload, salt, signRaw } from '../test-fixtures.ts';
import type { Fixture } from '../test-fixtures.ts';
import { DEFAULT_MAX_LAG_MS, OFFLINE_POST_MS, open } from './open.ts';
import type { OpenContext, OpenResult } from './types.ts';
import { ID_IN_USE } from './checks-envelope.ts';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

const code = (r: OpenResult) => (r.ok ? 'ok' : r.problem.code);
const openAsLa = (jws: string | Uint8Array, extra: Partial<OpenContext> = {}) => open(jws, laContext(f, extra));
const note = async (overrides: Record<string, unknown> = {}) => signRaw(await notePayload(f, overrides), f.th.sig);

describe('open: the 14 checks', () => {
  it('accepts a well-formed note, with body and salt', async () => {
    const r = await openAsLa(await note());
    expect(r.ok && !r.duplicate && r.message.body).toEqual({ text: 'hello' });
    expect(r.ok && !r.duplicate && r.message.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('1 too-large', async () => {
    const r = await openAsLa(await note(), { maxBytes: 100 });
    expect(code(r)).toBe('too-large');
    expect(!r.ok && r.problem.verified).toBe(false);
  });

  it.each([
    ['not a jws'],
    ['a.b'],
    ['a.b.c.d'],
    ['e30.e30.'],
    ['!!!.e30.AAAA'],
  ])('2 malformed: %s', async (raw) => {
    expect(code(await openAsLa(raw))).toBe('malformed');
  });

  it('2 malformed: invalid UTF-8 bytes, a BOM, or not bytes at all', async () => {
    expect(code(await openAsLa(new Uint8Array([0xff, 0xfe, 0x2e, 0x2e])))).toBe('malformed');
    expect(code(await openAsLa(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(await note())])))).toBe('malformed');
    expect(code(await openAsLa(null as never))).toBe('malformed');
  });

  it('accepts the same envelope as bytes, with the same hash', async () => {
    const jws = await note();
    const r = await openAsLa(Buffer.from(jws));
    expect(r.ok && r.message.jws).toBe(jws);
    expect(r.ok && r.message.envelopeHash).toBe((await openAsLa(jws)).ok && envelopeHash(jws));
  });

  it('2 malformed: header alg other than EdDSA, missing kid, or extra members', async () => {
    const payload = await notePayload(f);
    for (const header of [
      { alg: 'ES256', kid: f.th.sig.kid, typ: 'mou+jws' },
      { alg: 'EdDSA', typ: 'mou+jws' },
      { alg: 'EdDSA', kid: f.th.sig.kid },
      { alg: 'EdDSA', kid: f.th.sig.kid, typ: 'mou+jws', crit: ['b64'], b64: false },
    ]) {
      expect(code(await openAsLa(await signRaw(payload, f.th.sig, header)))).toBe('malformed');
    }
  });

  it('3 unknown-key: kid not in the directory', async () => {
    const header = { alg: 'EdDSA', kid: 'th-msdhs#sig-nope', typ: 'mou+jws' };
    const r = await openAsLa(await signRaw(await notePayload(f), f.th.sig, header));
    expect(code(r)).toBe('unknown-key');
    expect(!r.ok && r.problem.kid).toBe('th-msdhs#sig-nope');
  });

  it('3 unknown-key: an encryption key named as signer', async () => {
    const header = { alg: 'EdDSA', kid: f.th.enc.kid, typ: 'mou+jws' };
    expect(code(await openAsLa(await signRaw(await notePayload(f), f.th.sig, header)))).toBe('unknown-key');
  });

  it('3 unknown-key: a key before its notBefore', async () => {
    const r = await openAsLa(await signRaw(await notePayload(f), f.thNext.sig));
    expect(code(r)).toBe('unknown-key');
    expect(!r.ok && r.problem.signer).toBe('th-msdhs');
    // The same key is good once its period starts.
    const later = new Date('2027-01-01T00:00:01.000Z');
    const ok = await openAsLa(await signRaw(await notePayload(f, { created: later.toISOString() }), f.thNext.sig), { now: later });
    expect(code(ok)).toBe('ok');
  });

  it('3 unknown-key: a revoked key, for messages created at or after revokedAt only', async () => {
    expect(code(await openAsLa(await signRaw(await notePayload(f), f.thOld.sig)))).toBe('unknown-key');
    const before = await notePayload(f, { created: '2026-01-31T23:59:59.999Z' });
    expect(code(await openAsLa(await signRaw(before, f.thOld.sig)))).toBe('ok');
  });

  it('3 unknown-key: a revoked key signing a message backdated before revokedAt, seen by the stream after it', async () => {
    const backdated = await signRaw(await notePayload(f, { created: '2026-01-31T23:59:59.000Z' }), f.thOld.sig);
    const streamTime = new Date('2026-02-01T00:05:00.000Z'); // the broker's clock, after the revocation
    const r = await openAsLa(backdated, { now: streamTime, streamTime });
    expect(code(r)).toBe('unknown-key');
    expect(!r.ok && r.problem.verified).toBe(false);
    expect(!r.ok && r.problem.detail).toMatch(/was revoked at .*before the stream received/);
    // Seen by the stream before the revocation, the same message opens.
    const earlier = new Date('2026-01-31T23:59:59.500Z');
    expect(code(await openAsLa(backdated, { now: streamTime, streamTime: earlier }))).toBe('ok');
  });

  it('an offline post: what it sealed during 14 days cut off opens when the link returns, unless its key was revoked meanwhile', async () => {
    // Sealed at the post just before the key's revocation, published 14 days later.
    const sealed = await signRaw(await notePayload(f, { created: '2026-01-31T23:00:00.000Z' }), f.thOld.sig);
    const back = new Date(Date.parse('2026-01-31T23:00:00.000Z') + OFFLINE_POST_MS);
    const revoked = await openAsLa(sealed, { now: back, streamTime: back });
    expect(code(revoked)).toBe('unknown-key');
    // The same post with a key still valid: sealed 14 days before the stream stored it, it opens.
    const queued = await signRaw(await notePayload(f, { created: NOW.toISOString() }), f.th.sig);
    const fortnight = new Date(NOW.getTime() + OFFLINE_POST_MS);
    expect(code(await openAsLa(queued, { now: fortnight, streamTime: fortnight }))).toBe('ok');
    // A thief holding a key that is later revoked gains nothing by backdating: the stream's clock decides.
    const backdated = await signRaw(await notePayload(f, { created: '2026-01-20T00:00:00.000Z' }), f.thOld.sig);
    expect(code(await openAsLa(backdated, { now: back, streamTime: new Date('2026-02-01T00:00:00.000Z') }))).toBe('unknown-key');
  });

  it('3 a broker clock slightly behind a key that just started is not refused', async () => {
    const start = new Date('2027-01-01T00:00:01.000Z');
    const jws = await signRaw(await notePayload(f, { created: start.toISOString() }), f.thNext.sig);
    expect(code(await openAsLa(jws, { now: start, streamTime: new Date(start.getTime() - 2_000) }))).toBe('ok');
  });

  it('3 a key that ended as planned (notAfter, not revoked) still opens what it signed before, published later', async () => {
    const snapshot = structuredClone(f.snapshot);
    const old = snapshot.agencies[0]!.keys.find((k) => k.kid === f.thOld.sig.kid)!;
    delete old.revokedAt;
    old.notAfter = '2026-02-01T00:00:00.000Z';
    const directory = new Directory(snapshot);
    const jws = await signRaw(await notePayload(f, { created: '2026-01-31T23:59:00.000Z' }), f.thOld.sig);
    const later = new Date('2026-02-01T02:00:00.000Z'); // the link was down for two hours
    expect(code(await openAsLa(jws, { directory, now: later, streamTime: later }))).toBe('ok');
    // Created after its end, it is refused whatever the stream says.
    const after = await signRaw(await notePayload(f, { created: '2026-02-01T00:00:00.000Z' }), f.thOld.sig);
    expect(code(await openAsLa(after, { directory, now: later, streamTime: later }))).toBe('unknown-key');
  });

  it('4 bad-signature: signed by another key under th-msdhs kid', async () => {
    const header = { alg: 'EdDSA', kid: f.th.sig.kid, typ: 'mou+jws' };
    const r = await openAsLa(await signRaw(await notePayload(f), f.vn.sig, header));
    expect(code(r)).toBe('bad-signature');
    expect(!r.ok && r.problem.verified).toBe(false);
  });

  it('4 bad-signature: signature swapped from another message', async () => {
    const [a, b] = [await note(), await note({ lang: 'lo' })];
    const forged = `${a.split('.').slice(0, 2).join('.')}.${b.split('.')[2]}`;
    expect(code(await openAsLa(forged))).toBe('bad-signature');
  });

  it('5 malformed: signed payload that is not JSON, or misses a field', async () => {
    expect(code(await openAsLa(await signRaw('not json', f.th.sig)))).toBe('malformed');
    const { lang: _lang, ...noLang } = await notePayload(f);
    const r = await openAsLa(await signRaw(noLang, f.th.sig));
    expect(code(r)).toBe('malformed');
    expect(!r.ok && r.problem.verified).toBe(true);
    expect(!r.ok && r.problem.id).toBe(noLang.id);
    expect(code(await openAsLa(await signRaw(await notePayload(f, { stats: { persons: '2' } }), f.th.sig)))).toBe('malformed');
    expect(code(await openAsLa(await signRaw(await notePayload(f, { extra: 1 }), f.th.sig)))).toBe('malformed');
  });

  it('5 unsupported-version', async () => {
    expect(code(await openAsLa(await note({ v: 2 })))).toBe('unsupported-version');
  });

  it('6 sender-mismatch: signer is not from, or the subject names another sender', async () => {
    const r = await openAsLa(await note({ from: 'vn-mps', agreement: 'la-vn' }));
    expect(code(r)).toBe('sender-mismatch');
    expect(!r.ok && r.problem.verified).toBe(true);
    expect(code(await openAsLa(await note(), { subject: { to: 'la-mlsw', from: 'vn-mps' } }))).toBe('sender-mismatch');
  });

  it('7 not-for-me: addressed elsewhere, or published on another subject', async () => {
    expect(code(await openAsLa(await note({ to: 'vn-mps' }), { subject: { to: 'vn-mps', from: 'th-msdhs' } }))).toBe('not-for-me');
    expect(code(await openAsLa(await note(), { subject: { to: 'vn-mps', from: 'th-msdhs' } }))).toBe('not-for-me');
  });

  it('8 agreement-violation: unknown agreement, not a party, type not allowed', async () => {
    expect(code(await openAsLa(await note({ agreement: 'la-cn' })))).toBe('agreement-violation');
    expect(code(await openAsLa(await note({ agreement: 'la-vn' })))).toBe('agreement-violation');
    expect(code(await openAsLa(await note({ type: 'repatriation.assessment' })))).toBe('agreement-violation');
  });

  it('9 future-dated and expired', async () => {
    const future = new Date(NOW.getTime() + 300_001).toISOString();
    expect(code(await openAsLa(await note({ created: future })))).toBe('future-dated');
    const withinSkew = new Date(NOW.getTime() + 300_000).toISOString();
    expect(code(await openAsLa(await note({ created: withinSkew })))).toBe('ok');
    expect(code(await openAsLa(await note({ expires: NOW.toISOString() })))).toBe('expired');
  });

  it('9 expired: created more than maxLagMs before the stream received it', async () => {
    const streamTime = new Date(NOW.getTime() + DEFAULT_MAX_LAG_MS + 1);
    const r = await openAsLa(await note(), { now: streamTime, streamTime });
    expect(code(r)).toBe('expired');
    expect(!r.ok && r.problem.verified).toBe(true);
    expect(!r.ok && r.problem.detail).toMatch(/stream/);
    const withinLag = new Date(NOW.getTime() + DEFAULT_MAX_LAG_MS);
    expect(code(await openAsLa(await note(), { now: withinLag, streamTime: withinLag }))).toBe('ok');
    expect(code(await openAsLa(await note(), { now: NOW, streamTime: new Date(NOW.getTime() + 60_001), maxLagMs: 60_000 }))).toBe('expired');
  });

  it('10 replay: same id with other bytes; same bytes is a duplicate', async () => {
    const jws = await note();
    const first = await openAsLa(jws);
    if (!first.ok) throw new Error(first.problem.detail);
    const stored = first.message.envelopeHash;
    const again = await openAsLa(jws, { priorEnvelope: () => stored });
    expect(again.ok && again.duplicate).toBe(true);
    const other = await openAsLa(await note({ lang: 'lo' }), { priorEnvelope: async () => stored });
    expect(code(other)).toBe('replay');    // An id already used here otherwise (a case this agency opened, a message it sent).
    const reused = await openAsLa(jws, { priorEnvelope: () => ID_IN_USE });
    expect(!reused.ok && reused.problem).toMatchObject({ code: 'replay', detail: 'id already in use here', verified: true });
  });

  it('11 decrypt-failed: sealed to another agency, or to a kid this agency lacks', async () => {
    const toVn = await encryptRaw(JSON.stringify({ salt: salt(), body: { text: 'x' } }), publicJwk(f.vn.enc));
    expect(code(await openAsLa(await note({ body: { jwe: toVn.jwe }, digest: toVn.digest })))).toBe('decrypt-failed');
    const lying = await encryptRaw(JSON.stringify({ salt: salt(), body: { text: 'x' } }), publicJwk(f.vn.enc), f.la.enc.kid);
    expect(code(await openAsLa(await note({ body: { jwe: lying.jwe }, digest: lying.digest })))).toBe('decrypt-failed');
  });

  it.each([
    ['zip (a deflated plaintext)', { zip: 'DEF' }],
    ['an unknown member', { x: 1 }],
    ['apu', { apu: 'YWxpY2U' }],
  ])('11 decrypt-failed: a JWE protected header with %s', async (_what, extra) => {
    const plaintext = new TextEncoder().encode(JSON.stringify({ salt: salt(), body: { text: 'x' } }));
    const jwe = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: f.la.enc.kid, ...extra })
      .encrypt(await importPublicKey(publicJwk(f.la.enc)));
    const r = await openAsLa(await note({ body: { jwe }, digest: sha256Digest(plaintext) }));
    expect(code(r)).toBe('decrypt-failed');
    expect(!r.ok && r.problem.detail).toMatch(/header/);
  });

  it('11 an old encryption key still in the ring opens', async () => {
    const old = await encryptRaw(JSON.stringify({ salt: salt(), body: { text: 'x' } }), publicJwk(f.laOld.enc));
    expect(code(await openAsLa(await note({ body: { jwe: old.jwe }, digest: old.digest })))).toBe('ok');
  });

  it('12 digest-mismatch', async () => {
    const other = await encryptRaw('{}', publicJwk(f.la.enc));
    expect(code(await openAsLa(await note({ digest: other.digest })))).toBe('digest-mismatch');
  });

  it('13 schema-invalid: no salt, short salt, body not of its type', async () => {
    for (const plaintext of [
      JSON.stringify({ body: { text: 'x' } }),
      JSON.stringify({ salt: 'c2hvcnQ', body: { text: 'x' } }),
      JSON.stringify({ salt: salt(), body: { text: '' } }),
      JSON.stringify({ salt: salt(), body: { text: 'Somchai', name: 'Somchai' } }),
      'not json',
    ]) {
      const { jwe, digest } = await encryptRaw(plaintext, publicJwk(f.la.enc));
      const r = await openAsLa(await note({ body: { jwe }, digest }));
      expect(code(r)).toBe('schema-invalid');
      expect(!r.ok && r.problem.detail).not.toContain('Somchai');
    }
  });

  it('13 schema-invalid: a receipt with a bad body', async () => {
    const receipt = { ...(await notePayload(f)), type: 'receipt', body: { for: 'nope' } } as Record<string, unknown>;
    delete receipt.digest;
    expect(code(await openAsLa(await signRaw(receipt, f.th.sig)))).toBe('schema-invalid');
  });

  it('14 invalid-state: the workflow refuses', async () => {
    const r = await openAsLa(await note(), { checkState: () => ({ detail: 'case is closed' }) });
    expect(code(r)).toBe('invalid-state');
    expect(!r.ok && r.problem.detail).toBe('case is closed');
  });

  it('rethrows what the caller’s own callbacks throw', async () => {
    const boom = new Error('db down');
    await expect(openAsLa(await note(), { priorEnvelope: () => Promise.reject(boom) })).rejects.toBe(boom);
  });

  it('8 agreement-violation: a receipt or problem under an agreement the two do not share (a forged answer)', async () => {
    const sealed = await seal(
      {
        type: 'receipt', agreement: 'la-cn', from: 'th-msdhs', to: 'la-mlsw', created: NOW,
        body: { for: '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0', status: 'accepted', received: NOW.toISOString(), envelope: `sha256:${'A'.repeat(43)}` },
      },
      { signer: f.rings.th },
    );
    expect(code(await openAsLa(sealed.jws))).toBe('agreement-violation');
    const shared = await seal(
      {
        type: 'problem', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', created: NOW,
        body: { for: '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0', code: 'schema-invalid', detail: 'x' },
      },
      { signer: f.rings.th },
    );
    const r = await openAsLa(shared.jws);
    expect(r.ok && !r.duplicate && r.message.body).toMatchObject({ code: 'schema-invalid' });
  });
});
