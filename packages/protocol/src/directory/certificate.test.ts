import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.ts';
import { generateDirectorySigningKey, generateRootKey } from '../keys/generate.ts';
import { publicJwk, type PrivateJwk } from '../keys/jwk.ts';
import { makeFixture, type Fixture } from '../test-fixtures.ts';
import { certifySigningKey, verifySigningCertificate } from './certificate.ts';
import { signDirectory } from './sign.ts';
import { verifyDirectory } from './verify.ts';

let f: Fixture;
let signing: PrivateJwk;
let cert: string;
const period = (issued: string, beforeDays: number, afterDays: number) => ({
  notBefore: new Date(Date.parse(issued) - beforeDays * 86_400_000).toISOString(),
  notAfter: new Date(Date.parse(issued) + afterDays * 86_400_000).toISOString(),
});
beforeAll(async () => {
  f = await makeFixture();
  signing = await generateDirectorySigningKey('2026a');
  cert = await certifySigningKey(f.root, publicJwk(signing), period(f.snapshot.issued, 1, 90));
});
const pinned = () => [publicJwk(f.root)];

describe('a directory signed by an online key the offline root certified', () => {
  it('verifies with only the root pinned', async () => {
    const r = await verifyDirectory(await signDirectory(f.snapshot, signing, cert), pinned());
    expect(r).toMatchObject({ ok: true, version: f.snapshot.version });
    expect(await verifySigningCertificate(cert, pinned())).toMatchObject({ ok: true, certificate: { kid: signing.kid }, rootKid: f.root.kid });
  });

  it('refuses the signing key without its certificate: nodes pin the root only', async () => {
    const r = await verifyDirectory(await signDirectory(f.snapshot, signing), pinned());
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('is not a pinned root key') });
  });

  it('refuses a certificate made by another root', async () => {
    const other = await certifySigningKey(await generateRootKey('other'), signing, period(f.snapshot.issued, 1, 90));
    const r = await verifyDirectory(await signDirectory(f.snapshot, signing, other), pinned());
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('not a pinned root key') });
  });

  it('refuses a certificate of another key', async () => {
    const thief = await generateDirectorySigningKey('thief');
    const r = await verifyDirectory(await signDirectory(f.snapshot, thief, cert), pinned());
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('certificate is for') });
  });

  it('refuses a snapshot issued outside the period, before or after', async () => {
    const expired = await certifySigningKey(f.root, signing, period(f.snapshot.issued, 90, -1));
    const early = await certifySigningKey(f.root, signing, period(f.snapshot.issued, -1, 90));
    for (const c of [expired, early]) {
      const r = await verifyDirectory(await signDirectory(f.snapshot, signing, c), pinned());
      expect(r).toMatchObject({ ok: false, reason: expect.stringContaining("outside the signing key's period") });
    }
  });

  it('refuses a tampered certificate (a longer period)', async () => {
    const [h, , s] = cert.split('.');
    const longer = Buffer.from(JSON.stringify({ kid: signing.kid, jwk: publicJwk(signing), ...period(f.snapshot.issued, 1, 9_000) })).toString('base64url');
    const r = await verifyDirectory(await signDirectory(f.snapshot, signing, `${h}.${longer}.${s}`), pinned());
    expect(r).toMatchObject({ ok: false, reason: 'certificate: signature does not verify' });
    expect((await verifySigningCertificate('nonsense', pinned())).ok).toBe(false);
  });

  it('certifySigningKey refuses an empty period and a non-Ed25519 root', async () => {
    const { notBefore } = period(f.snapshot.issued, 0, 0);
    await expect(certifySigningKey(f.root, signing, { notBefore, notAfter: notBefore })).rejects.toBeInstanceOf(ProtocolError);
    await expect(certifySigningKey(f.la.enc, signing, period(f.snapshot.issued, 1, 1))).rejects.toBeInstanceOf(ProtocolError);
  });
});
