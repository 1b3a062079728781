import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createKeyRing, type Directory, type KeyRing, type PrivateJwk } from '@mou-hub/protocol';

/**
 * This agency's private keys: the configured key files and any other `*.jwk.json` of this
 * agency beside them. Rotation needs no restart: put the new key file beside the old ones,
 * publish it in the directory with a future `notBefore`; when the directory changes the files
 * are read again, and from `notBefore` on the new key signs.
 */
export class AgencyKeys {
  private jwks: PrivateJwk[] = [];
  private all!: KeyRing;
  private readonly signers = new Map<string, KeyRing>();

  constructor(
    private readonly agency: string,
    private readonly keyFiles: readonly string[],
  ) {
    this.reload();
  }

  /** Reads the key files again; returns the kids now held. */
  reload(): string[] {
    const files = new Set(this.keyFiles);
    for (const dir of new Set(this.keyFiles.map((f) => dirname(f)))) {
      for (const name of readdirSync(dir)) if (name.endsWith('.jwk.json')) files.add(join(dir, name));
    }
    const jwks = [...files]
      .map((f) => JSON.parse(readFileSync(f, 'utf8')) as PrivateJwk)
      .filter((k) => typeof k.kid === 'string' && k.kid.startsWith(`${this.agency}#`) && typeof k.d === 'string');
    if (jwks.map((k) => k.kid).join() !== this.jwks.map((k) => k.kid).join()) {
      this.jwks = jwks;
      this.all = createKeyRing(jwks);
      this.signers.clear();
    }
    return jwks.map((k) => k.kid);
  }

  /** Every key: opens messages sealed to any encryption key this agency holds. */
  ring(): KeyRing {
    return this.all;
  }

  /** A ring that signs with the newest signing key the directory lists as valid at `at`. */
  signerAt(directory: Directory, at: Date): KeyRing {
    const valid = this.jwks
      .filter((k) => k.crv === 'Ed25519')
      .map((k) => ({ kid: k.kid, lookup: directory.keyAt(k.kid, at) }))
      .flatMap((x) => (x.lookup.ok ? [{ kid: x.kid, notBefore: x.lookup.key.notBefore }] : []))
      .sort((a, b) => b.notBefore.localeCompare(a.notBefore));
    const kid = valid[0]?.kid;
    if (!kid) return this.all;
    let ring = this.signers.get(kid);
    if (!ring) this.signers.set(kid, (ring = createKeyRing(this.jwks, { signingKid: kid })));
    return ring;
  }
}
