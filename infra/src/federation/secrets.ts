import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateAgencyKeys, generateRootKey, type PrivateJwk } from '@mou-hub/protocol';

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
