/**
 * Test fixtures: a small directory (th-msdhs, la-mlsw, vn-mps; agreements la-th, la-vn) with
 * fresh keys, and helpers that sign arbitrary payloads, for tests that need bytes signed but
 * wrong. Not exported from the package: tests import it directly.
 */
import { CompactEncrypt } from 'jose';
import { randomBytes } from 'node:crypto';
import { Directory } from './directory/directory.ts';
import type { AgencyKey, DirectorySnapshot, PublicJwk } from './directory/schema.ts';
import { sha256Digest } from './envelope/hash.ts';
import { generateAgencyKeys, generateRootKey } from './keys/generate.ts';
import { importPrivateKey, importPublicKey } from './keys/import.ts';
import { publicJwk } from './keys/jwk.ts';
import type { PrivateJwk } from './keys/jwk.ts';
import { createKeyRing } from './keys/key-ring.ts';
import type { OpenContext } from './open/types.ts';

/** The instant the fixtures' messages are created and opened at. */
export const NOW = new Date('2026-03-01T08:00:00.000Z');
const SINCE = '2020-01-01T00:00:00.000Z';

const key = (jwk: PrivateJwk, extra: Partial<AgencyKey> = {}): AgencyKey => ({
  kid: jwk.kid,
  use: jwk.crv === 'Ed25519' ? 'sig' : 'enc',
  jwk: publicJwk(jwk),
  notBefore: SINCE,
  ...extra,
});

const agency = (id: string, country: string, keys: AgencyKey[]) => ({
  id, country, names: { en: id }, roles: ['focal-point'], keys,
});

/** Everything a test needs: private keys, rings, the snapshot and its directory. */
export async function makeFixture() {
  const [root, th, la, vn, thNext, thOld, laOld] = await Promise.all([
    generateRootKey('2026'),
    generateAgencyKeys('th-msdhs', '2026a'),
    generateAgencyKeys('la-mlsw', '2026a'),
    generateAgencyKeys('vn-mps', '2026a'),
    generateAgencyKeys('th-msdhs', '2027a'),
    generateAgencyKeys('th-msdhs', '2025a'),
    generateAgencyKeys('la-mlsw', '2025a'),
  ]);
  const snapshot: DirectorySnapshot = {
    version: 3,
    issued: SINCE,
    rootKeys: [publicJwk(root)],
    agencies: [
      agency('th-msdhs', 'TH', [
        key(th.sig), key(th.enc),
        key(thNext.sig, { notBefore: '2027-01-01T00:00:00.000Z' }),
        key(thOld.sig, { revokedAt: '2026-02-01T00:00:00.000Z' }),
      ]),
      agency('la-mlsw', 'LA', [key(la.sig), key(la.enc), key(laOld.enc, { notBefore: '2019-01-01T00:00:00.000Z' })]),
      agency('vn-mps', 'VN', [key(vn.sig), key(vn.enc)]),
    ],
    agreements: [
      {
        id: 'la-th', title: 'Lao PDR - Thailand', parties: ['la-mlsw', 'th-msdhs'], languages: ['lo', 'th'],
        send: {
          'th-msdhs': ['repatriation.request', 'repatriation.handover.proposal', 'case.note'],
          'la-mlsw': ['repatriation.assessment', 'repatriation.handover.confirmation', 'case.note'],
        },
        deadlines: [],
      },
      {
        id: 'la-vn', title: 'Lao PDR - Vietnam', parties: ['la-mlsw', 'vn-mps'], languages: ['lo', 'vi'],
        send: { 'vn-mps': ['repatriation.request', 'case.note'], 'la-mlsw': ['repatriation.assessment', 'case.note'] },
        deadlines: [],
      },
    ],
  };
  const directory = new Directory(snapshot);
  const rings = {
    th: createKeyRing([th.sig, th.enc]),
    la: createKeyRing([laOld.enc, la.sig, la.enc]),
    vn: createKeyRing([vn.sig, vn.enc]),
  };
  return { root, th, la, vn, thNext, thOld, laOld, snapshot, directory, rings };
}
export type Fixture = Awaited<ReturnType<typeof makeFixture>>;

/** An open context for la-mlsw receiving from th-msdhs at {@link NOW}. */
export function laContext(f: Fixture, extra: Partial<OpenContext> = {}): OpenContext {
  return { self: 'la-mlsw', directory: f.directory, keys: f.rings.la, subject: { to: 'la-mlsw', from: 'th-msdhs' }, now: NOW, ...extra };
}

/** Signs any payload (an object, or exact text) with any key and header: for crafted envelopes. */
export async function signRaw(
  payload: unknown,
  signer: PrivateJwk,
  header: Record<string, unknown> = { alg: 'EdDSA', kid: signer.kid, typ: 'mou+jws' },
): Promise<string> {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  const input = `${b64(JSON.stringify(header))}.${b64(text)}`;
  // WebCrypto directly, so that headers jose would refuse to produce can be signed too.
  const signature = await crypto.subtle.sign('Ed25519', await importPrivateKey(signer), Buffer.from(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

/** Encrypts exact plaintext to a recipient key, as `seal` would; answers `{ jwe, digest }`. */
export async function encryptRaw(plaintext: string, recipient: PublicJwk, kid: string = recipient.kid) {
  const bytes = new TextEncoder().encode(plaintext);
  const jwe = await new CompactEncrypt(bytes)
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid })
    .encrypt(await importPublicKey(recipient));
  return { jwe, digest: sha256Digest(bytes) };
}

/** A fresh salt as `seal` makes it. */
export const salt = (): string => randomBytes(16).toString('base64url');

/** A `case.note` envelope payload from th-msdhs to la-mlsw, before signing. */
export async function notePayload(f: Fixture, overrides: Record<string, unknown> = {}, text = 'hello') {
  const { jwe, digest } = await encryptRaw(JSON.stringify({ salt: salt(), body: { text } }), publicJwk(f.la.enc));
  const id = '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0';
  return {
    v: 1, id, type: 'case.note', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', thid: id,
    created: NOW.toISOString(), lang: 'th', body: { jwe }, digest, ...overrides,
  };
}

