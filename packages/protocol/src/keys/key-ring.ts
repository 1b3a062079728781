import type { CryptoKey } from 'jose';
import * as v from 'valibot';
import type { PublicJwk } from '../directory/schema.ts';
import { ProtocolError } from '../errors.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { importPrivateKey } from './import.ts';
import { PrivateJwkSchema, publicJwk } from './jwk.ts';
import type { PrivateJwk } from './jwk.ts';

/** One agency's private keys, imported once and held as non-extractable CryptoKeys. */
export interface KeyRing {
  /** Kid of the key `signingKey` returns. */
  readonly signingKid: string;
  /** The current Ed25519 signing key. */
  signingKey(): Promise<{ kid: string; key: CryptoKey }>;
  /** The X25519 key with this kid, or `undefined` when the ring does not hold it. */
  decryptionKey(kid: string): Promise<CryptoKey | undefined>;
  /** Public halves of every key in the ring, for publishing in the directory. */
  publicJwks(): PublicJwk[];
}

/**
 * A key ring over an agency's private JWKs. The signing key is `options.signingKid`, or else
 * the last Ed25519 key listed (list keys oldest first). Old X25519 keys stay in the ring so
 * that messages sealed to them before a rotation still open.
 *
 * @example
 * const ring = createKeyRing([keys.sig, keys.enc]);
 * const { kid, key } = await ring.signingKey();
 */
export function createKeyRing(privateJwks: readonly PrivateJwk[], options: { signingKid?: string } = {}): KeyRing {
  const jwks = privateJwks.map((jwk) => {
    const r = v.safeParse(PrivateJwkSchema, jwk);
    if (!r.success) throw new ProtocolError('key-invalid', `not a private OKP JWK: ${describeIssues(fieldIssues(r.issues))}`);
    return r.output;
  });
  const sig = options.signingKid
    ? jwks.find((k) => k.kid === options.signingKid && k.crv === 'Ed25519')
    : jwks.filter((k) => k.crv === 'Ed25519').at(-1);
  if (options.signingKid && !sig) throw new ProtocolError('key-invalid', `no Ed25519 key ${options.signingKid} in the ring`);
  const enc = new Map(jwks.filter((k) => k.crv === 'X25519').map((k) => [k.kid, k]));
  const imported = new Map<string, Promise<CryptoKey>>();
  const load = (jwk: PrivateJwk): Promise<CryptoKey> => {
    let key = imported.get(jwk.kid);
    if (!key) imported.set(jwk.kid, (key = importPrivateKey(jwk)));
    return key;
  };

  return Object.freeze({
    signingKid: sig?.kid ?? '',
    async signingKey() {
      if (!sig) throw new ProtocolError('key-invalid', 'the key ring holds no Ed25519 signing key');
      return { kid: sig.kid, key: await load(sig) };
    },
    async decryptionKey(kid: string) {
      const jwk = enc.get(kid);
      return jwk ? load(jwk) : undefined;
    },
    publicJwks: () => jwks.map(publicJwk),
  });
}

/** Tells a key ring from a single private JWK. */
export function isKeyRing(x: KeyRing | PrivateJwk): x is KeyRing {
  return typeof (x as KeyRing).signingKey === 'function';
}
