import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.ts';
import { generateRootKey } from '../keys/generate.ts';
import { publicJwk } from '../keys/jwk.ts';
import { makeFixture } from '../test-fixtures.ts';
import type { Fixture } from '../test-fixtures.ts';
import { Directory } from './directory.ts';
import { signDirectory } from './sign.ts';
import { verifyDirectory } from './verify.ts';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
const at = (iso: string) => new Date(iso);

describe('signDirectory / verifyDirectory', () => {
  it('round-trips with the pinned root key', async () => {
    const jws = await signDirectory(f.snapshot, f.root);
    const r = await verifyDirectory(jws, [publicJwk(f.root)]);
    expect(r).toMatchObject({ ok: true, version: 3, snapshot: f.snapshot });
    expect(r.ok && r.hash).toMatch(/^sha256:/);
  });

  it('refuses another root key', async () => {
    const other = await generateRootKey('2026');
    const r = await verifyDirectory(await signDirectory(f.snapshot, other), [publicJwk(f.root)]);
    expect(r.ok).toBe(false);
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = (await signDirectory(f.snapshot, f.root)).split('.');
    const tampered = Buffer.from(JSON.stringify({ ...f.snapshot, version: 99 })).toString('base64url');
    expect((await verifyDirectory(`${h}.${tampered}.${s}`, [publicJwk(f.root)])).ok).toBe(false);
  });

  it('refuses a validly signed but invalid snapshot, and an older version', async () => {
    const { CompactSign } = await import('jose');
    const { importPrivateKey } = await import('../keys/import.ts');
    const bad = await new CompactSign(Buffer.from(JSON.stringify({ ...f.snapshot, version: 0 })))
      .setProtectedHeader({ alg: 'EdDSA', kid: f.root.kid, typ: 'mou-directory+jws' })
      .sign(await importPrivateKey(f.root));
    expect(await verifyDirectory(bad, [publicJwk(f.root)])).toMatchObject({ ok: false, reason: expect.stringContaining('invalid snapshot') });
    const jws = await signDirectory(f.snapshot, f.root);
    expect((await verifyDirectory(jws, [publicJwk(f.root)], { minVersion: 4 })).ok).toBe(false);
  });

  it('never throws on garbage', async () => {
    for (const junk of ['', 'a.b.c', '...', null, 42]) {
      expect((await verifyDirectory(junk as string, [publicJwk(f.root)])).ok).toBe(false);
    }
  });

  it('signDirectory refuses an invalid snapshot', async () => {
    await expect(signDirectory({ ...f.snapshot, version: -1 }, f.root)).rejects.toBeInstanceOf(ProtocolError);
  });
});

describe('Directory', () => {
  it('indexes agencies and agreements, and is frozen', () => {
    expect(f.directory.agency('la-mlsw')?.country).toBe('LA');
    expect(f.directory.agreement('la-th')?.parties).toContain('th-msdhs');
    expect(Object.isFrozen(f.directory.snapshot.agencies[0])).toBe(true);
    expect(() => new Directory({ ...f.snapshot, version: 0 })).toThrow(ProtocolError);
  });

  it('keyAt: notBefore, notAfter, revokedAt, and the kid must name its owner', () => {
    expect(f.directory.keyAt(f.thNext.sig.kid, at('2026-12-31T23:59:59.999Z')).ok).toBe(false);
    expect(f.directory.keyAt(f.thNext.sig.kid, at('2027-01-01T00:00:00.000Z')).ok).toBe(true);
    expect(f.directory.keyAt(f.thOld.sig.kid, at('2026-01-31T00:00:00.000Z')).ok).toBe(true);
    expect(f.directory.keyAt(f.thOld.sig.kid, at('2026-02-01T00:00:00.000Z')).ok).toBe(false);
    const expiring = structuredClone(f.snapshot);
    expiring.agencies[0]!.keys[0]!.notAfter = '2026-06-01T00:00:00.000Z';
    const d = new Directory(expiring);
    expect(d.keyAt(f.th.sig.kid, at('2026-05-31T00:00:00.000Z')).ok).toBe(true);
    expect(d.keyAt(f.th.sig.kid, at('2026-06-01T00:00:00.000Z')).ok).toBe(false);
    const stolen = structuredClone(f.snapshot);
    stolen.agencies[2]!.keys.push({ ...stolen.agencies[0]!.keys[0]! });
    stolen.agencies[0]!.keys.shift();
    expect(new Directory(stolen).keyAt(f.th.sig.kid, at('2026-03-01T00:00:00.000Z'))).toMatchObject({ ok: false });
    expect(f.directory.keyAt('th-msdhs#sig-none', at('2026-03-01T00:00:00.000Z')).ok).toBe(false);
  });

  it('encryptionKeyFor picks the newest valid enc key', () => {
    expect(f.directory.encryptionKeyFor('la-mlsw', at('2026-03-01T00:00:00.000Z'))?.kid).toBe(f.la.enc.kid);
    expect(f.directory.encryptionKeyFor('la-mlsw', at('2019-06-01T00:00:00.000Z'))?.kid).toBe(f.laOld.enc.kid);
    expect(f.directory.encryptionKeyFor('cn-mps', at('2026-03-01T00:00:00.000Z'))).toBeUndefined();
  });

  it('maySend: agreement, parties, allowed types; receipts and problems need an agreement both share', () => {
    const d = f.directory;
    expect(d.maySend('la-th', 'th-msdhs', 'la-mlsw', 'repatriation.request')).toEqual({ ok: true });
    expect(d.maySend('la-th', 'la-mlsw', 'th-msdhs', 'repatriation.request').ok).toBe(false);
    expect(d.maySend('la-th', 'vn-mps', 'la-mlsw', 'case.note').ok).toBe(false);
    expect(d.maySend('la-th', 'th-msdhs', 'vn-mps', 'case.note').ok).toBe(false);
    expect(d.maySend('la-cn', 'th-msdhs', 'la-mlsw', 'case.note').ok).toBe(false);
    expect(d.maySend('la-th', 'th-msdhs', 'la-mlsw', 'problem')).toEqual({ ok: true });
    expect(d.maySend('la-th', 'la-mlsw', 'th-msdhs', 'receipt')).toEqual({ ok: true });
    // Not theirs: an agreement of others, one that does not exist, a non-party sender.
    expect(d.maySend('la-cn', 'th-msdhs', 'la-mlsw', 'problem').ok).toBe(false);
    expect(d.maySend('la-vn', 'th-msdhs', 'la-mlsw', 'problem')).toMatchObject({ ok: false, detail: 'th-msdhs is not a party to la-vn' });
    expect(d.maySend('xx-yy', 'th-msdhs', 'la-mlsw', 'problem').ok).toBe(false);
    expect(d.maySend('la-th', 'vn-mps', 'la-mlsw', 'problem').ok).toBe(false);
    expect(d.maySend('LA CN', 'th-msdhs', 'la-mlsw', 'receipt').ok).toBe(false);
  });

  it('replyAgreement: the answered message\'s agreement if both share it, else one they share, else none', () => {
    const d = f.directory;
    expect(d.replyAgreement('la-th', 'la-mlsw', 'th-msdhs')).toBe('la-th');
    expect(d.replyAgreement('la-cn', 'la-mlsw', 'th-msdhs')).toBe('la-th');
    expect(d.replyAgreement('nope', 'la-mlsw', 'vn-mps')).toBe('la-vn');
    expect(d.replyAgreement('la-th', 'th-msdhs', 'vn-mps')).toBeUndefined();
  });

  it('verificationKey caches and refuses unknown or encryption kids', async () => {
    expect(f.directory.verificationKey(f.th.sig.kid)).toBe(f.directory.verificationKey(f.th.sig.kid));
    await expect(f.directory.verificationKey(f.th.enc.kid)).rejects.toBeInstanceOf(ProtocolError);
  });
});
