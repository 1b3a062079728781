import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  certifySigningKey,
  generateAgencyKeys,
  generateDirectorySigningKey,
  generateRootKey,
  verifySigningCertificate,
  publicJwk,
  type PrivateJwk,
} from '@mou-hub/protocol';

/** A fresh random secret (base64url, 32 bytes). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** A password a person can type: 18 base64url characters. */
export const newPassword = (): string => randomBytes(14).toString('base64url').slice(0, 18);

/** Reads a JSON file, or creates it with `make()` (mode 0600: it holds secrets). */
export function loadOrCreateJson<T>(path: string, make: () => T): T {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  const value = make();
  writeJsonSecret(path, value);
  return value;
}

/** Writes JSON readable by its owner only (mode 0600), creating the folder. */
export function writeJsonSecret(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

/** An agency's private key files, generated on first use and reused after (label: the year and `a`). */
export async function loadOrCreateAgencyKeys(dir: string, agency: string): Promise<{ sig: PrivateJwk; enc: PrivateJwk; sigPath: string; encPath: string }> {
  const sigPath = `${dir}/${agency}.sig.jwk.json`;
  const encPath = `${dir}/${agency}.enc.jwk.json`;
  if (!existsSync(sigPath) || !existsSync(encPath)) {
    const keys = await generateAgencyKeys(agency, `${new Date().getUTCFullYear()}a`);
    writeJsonSecret(sigPath, keys.sig);
    writeJsonSecret(encPath, keys.enc);
  }
  return {
    sig: JSON.parse(readFileSync(sigPath, 'utf8')) as PrivateJwk,
    enc: JSON.parse(readFileSync(encPath, 'utf8')) as PrivateJwk,
    sigPath,
    encPath,
  };
}

/** The Secretariat's root signing key for the directory, generated on first use. */
export async function loadOrCreateRootKey(dir: string): Promise<{ key: PrivateJwk; path: string }> {
  const path = `${dir}/root.jwk.json`;
  if (!existsSync(path)) writeJsonSecret(path, await generateRootKey(`${new Date().getUTCFullYear()}a`));
  return { key: JSON.parse(readFileSync(path, 'utf8')) as PrivateJwk, path };
}

/** The local federation's directory signing certificate runs this long and is renewed in its last month. */
const CERTIFICATE_DAYS = 365;
const RENEW_DAYS = 30;

/**
 * The directory's online signing key and its certificate from the root (what `mou root init`
 * makes at a real key ceremony), generated on first use; the certificate is made again when it
 * has less than a month left, so a long-lived `.data/` keeps starting.
 */
export async function loadOrCreateDirectorySigning(dir: string, root: PrivateJwk): Promise<{ key: PrivateJwk; certificate: string }> {
  const keyPath = `${dir}/directory-signing.jwk.json`;
  const certPath = `${dir}/directory-signing.cert.jws`;
  if (!existsSync(keyPath)) writeJsonSecret(keyPath, await generateDirectorySigningKey(`${new Date().getUTCFullYear()}a`));
  const key = JSON.parse(readFileSync(keyPath, 'utf8')) as PrivateJwk;
  const held = existsSync(certPath) ? await verifySigningCertificate(readFileSync(certPath, 'utf8').trim(), [publicJwk(root)]) : undefined;
  if (held?.ok && held.certificate.jwk.x === key.x && Date.parse(held.certificate.notAfter) - Date.now() > RENEW_DAYS * 86_400_000) {
    return { key, certificate: readFileSync(certPath, 'utf8').trim() };
  }
  const now = Date.now();
  const certificate = await certifySigningKey(root, key, {
    notBefore: new Date(now - 3_600_000).toISOString(),
    notAfter: new Date(now + CERTIFICATE_DAYS * 86_400_000).toISOString(),
  });
  writeFileSync(certPath, `${certificate}\n`, { mode: 0o600 });
  return { key, certificate };
}
