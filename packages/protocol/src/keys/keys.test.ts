import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.ts';
import { generateAgencyKeys, generateRootKey } from './generate.ts';
import { importPublicKey } from './import.ts';
import { publicJwk } from './jwk.ts';
import { createKeyRing } from './key-ring.ts';

describe('keys', () => {
  it('generates Ed25519 and X25519 keys with the kid convention', async () => {
    const { sig, enc } = await generateAgencyKeys('la-mlsw', '2026a');
    expect(sig).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'la-mlsw#sig-2026a' });
    expect(enc).toMatchObject({ kty: 'OKP', crv: 'X25519', kid: 'la-mlsw#enc-2026a' });
    expect((await generateRootKey('2026')).kid).toBe('la-secretariat#root-2026');
  });

  it('refuses a bad agency id or label', async () => {
    await expect(generateAgencyKeys('LA', 'x')).rejects.toBeInstanceOf(ProtocolError);
    await expect(generateAgencyKeys('la-mlsw', 'a b')).rejects.toBeInstanceOf(ProtocolError);
  });

  it('publicJwk strips d and carries no alg', async () => {
    const { sig } = await generateAgencyKeys('la-mlsw', '2026a');
    expect(publicJwk(sig)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: sig.x, kid: sig.kid });
  });

  it('caches public key imports', async () => {
    const { sig } = await generateAgencyKeys('la-mlsw', '2026a');
    expect(importPublicKey(publicJwk(sig))).toBe(importPublicKey(publicJwk(sig)));
  });

  it('key ring: last Ed25519 key signs unless told; decryption keys by kid', async () => {
    const old = await generateAgencyKeys('la-mlsw', '2025a');
    const cur = await generateAgencyKeys('la-mlsw', '2026a');
    const ring = createKeyRing([old.sig, old.enc, cur.sig, cur.enc]);
    expect((await ring.signingKey()).kid).toBe(cur.sig.kid);
    expect(createKeyRing([old.sig, cur.sig], { signingKid: old.sig.kid }).signingKid).toBe(old.sig.kid);
    expect(await ring.decryptionKey(old.enc.kid)).toBeDefined();
    expect(await ring.decryptionKey('la-mlsw#enc-none')).toBeUndefined();
    expect(await ring.decryptionKey(cur.sig.kid)).toBeUndefined();
    expect(ring.publicJwks().every((k) => !('d' in k))).toBe(true);
  });

  it('key ring refuses a public key, and has no signer without an Ed25519 key', async () => {
    const { sig, enc } = await generateAgencyKeys('la-mlsw', '2026a');
    expect(() => createKeyRing([publicJwk(sig) as never])).toThrow(ProtocolError);
    await expect(createKeyRing([enc]).signingKey()).rejects.toBeInstanceOf(ProtocolError);
  });
});
