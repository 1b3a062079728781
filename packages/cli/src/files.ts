import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { PrivateJwkSchema, PublicJwkSchema, type PrivateJwk, type PublicJwk } from '@mou-hub/protocol';
import { CliError } from './io.ts';

/** Writes a file only its owner may read (0600), refusing to replace one that exists. */
export function writeSecretFile(path: string, text: string): void {
  if (existsSync(path)) throw new CliError(`${path} exists: mou never overwrites a key or a secret; move it away first`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600, flag: 'wx' });
}

/** Writes a public file (a public key, a configuration without secrets), refusing to replace one. */
export function writePublicFile(path: string, text: string, opts: { replace?: boolean } = {}): void {
  if (existsSync(path) && !opts.replace) throw new CliError(`${path} exists; move it away first`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o644 });
}

/** Reads a JSON file, saying which file when it is missing or not JSON. */
export function readJson(path: string): unknown {
  if (!existsSync(path)) throw new CliError(`no file at ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(`${path} is not JSON`);
  }
}

/** A private JWK file (an agency's, the root's, the directory's signing key). */
export function readPrivateJwk(path: string): PrivateJwk {
  const r = v.safeParse(PrivateJwkSchema, readJson(path));
  if (!r.success) throw new CliError(`${path} is not a private key file (a JWK with d)`);
  return r.output;
}

/** A public JWK file (`root.pub.jwk`); a private one is refused so it is not copied by mistake. */
export function readPublicJwk(path: string): PublicJwk {
  const json = readJson(path);
  if (json && typeof json === 'object' && 'd' in json) throw new CliError(`${path} holds a PRIVATE key: give its public half`);
  const r = v.safeParse(PublicJwkSchema, json);
  if (!r.success) throw new CliError(`${path} is not a public key file`);
  return r.output;
}

/** A password from a file (first line), so it never appears on a command line. */
export function readPasswordFile(path: string): string {
  if (!existsSync(path)) throw new CliError(`no password file at ${path}`);
  const password = readFileSync(path, 'utf8').split('\n')[0]!.trim();
  if (!password) throw new CliError(`${path} is empty`);
  return password;
}

/** `--http host:port` as a service's `http` entry (`[::1]:8080` too), or a CliError. */
export function hostPort(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  if (!match) throw new CliError(`--http ${text} is not host:port`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}
