import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Directory, generateAgencyKeys, generateRootKey, publicJwk, type AgencyKey, type DirectorySnapshot, type PrivateJwk } from '@mou-hub/protocol';
import { AgencyKeys } from './keys.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mou-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, jwk: PrivateJwk) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(jwk));
  return path;
};
const listed = (jwk: PrivateJwk, use: 'sig' | 'enc', notBefore: string, extra: Partial<AgencyKey> = {}): AgencyKey => ({
  kid: jwk.kid,
  use,
  jwk: publicJwk(jwk),
  notBefore,
  ...extra,
});

async function directoryWith(keys: AgencyKey[]): Promise<Directory> {
  const root = await generateRootKey('test');
  const snapshot: DirectorySnapshot = {
    version: 1,
    issued: '2026-01-01T00:00:00.000Z',
    rootKeys: [publicJwk(root)],
    agencies: [{ id: 'th-msdhs', country: 'TH', names: { en: 'MSDHS' }, roles: ['social-welfare'], keys }],
    agreements: [],
  };
  return new Directory(snapshot);
}

describe('AgencyKeys', () => {
  it('signs with the newest key the directory lists as valid at the message time', async () => {
    const a = await generateAgencyKeys('th-msdhs', '2026a');
    const b = await generateAgencyKeys('th-msdhs', '2026b');
    const files = [write('th-msdhs.sig.jwk.json', a.sig), write('th-msdhs.enc.jwk.json', a.enc)];
    const keys = new AgencyKeys('th-msdhs', files);
    // The new key is beside the old ones before the directory lists it.
    write('th-msdhs.sig-2026b.jwk.json', b.sig);
    const directory = await directoryWith([
      listed(a.sig, 'sig', '2026-01-01T00:00:00.000Z', { revokedAt: '2026-07-01T00:00:00.000Z' }),
      listed(a.enc, 'enc', '2026-01-01T00:00:00.000Z'),
      listed(b.sig, 'sig', '2026-06-01T00:00:00.000Z'),
    ]);
    expect(keys.reload()).toContain(b.sig.kid);
    expect(keys.signerAt(directory, new Date('2026-03-01T00:00:00.000Z')).signingKid).toBe(a.sig.kid);
    expect(keys.signerAt(directory, new Date('2026-06-15T00:00:00.000Z')).signingKid).toBe(b.sig.kid);
    expect(keys.signerAt(directory, new Date('2026-08-01T00:00:00.000Z')).signingKid).toBe(b.sig.kid);
  });

  it('reads only this agency\'s private keys from the folder', async () => {
    const own = await generateAgencyKeys('th-msdhs', '2026a');
    const other = await generateAgencyKeys('la-mlsw', '2026a');
    const files = [write('th-msdhs.sig.jwk.json', own.sig), write('th-msdhs.enc.jwk.json', own.enc)];
    write('la-mlsw.sig.jwk.json', other.sig);
    writeFileSync(join(dir, 'th-msdhs.public.jwk.json'), JSON.stringify(publicJwk(own.sig)));
    expect(new AgencyKeys('th-msdhs', files).reload().sort()).toEqual([own.enc.kid, own.sig.kid].sort());
  });
});
