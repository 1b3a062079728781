import { join } from 'node:path';
import type { Command } from 'commander';
import {
  certifySigningKey,
  generateDirectorySigningKey,
  generateRootKey,
  publicJwk,
  verifySigningCertificate,
  type PrivateJwk,
} from '@mou-hub/protocol';
import { readPrivateJwk, writePublicFile, writeSecretFile } from '../files.ts';
import { CliError, type CliIo } from '../io.ts';

const DAY_MS = 86_400_000;
const thisYear = () => `${new Date().getUTCFullYear()}a`;

/** File names of a key ceremony's output, so every step of the runbook names the same ones. */
export const CEREMONY_FILES = {
  rootPrivate: 'root.jwk.json',
  rootPublic: 'root.pub.jwk',
  signingPrivate: 'directory-signing.jwk.json',
  certificate: 'directory-signing.cert.jws',
} as const;

/** `mou root`: the Secretariat's offline root key and the certificate of the directory's online key. */
export function register(program: Command, io: CliIo): void {
  const root = program
    .command('root')
    .description("The Secretariat's root key: made once on an offline machine; it only certifies the directory's online signing key.");

  root
    .command('init')
    .description('Key ceremony: a new root key, a directory signing key, and the certificate of the one by the other.')
    .requiredOption('-o, --out <folder>', 'where to write the four files (an offline medium)')
    .option('--label <label>', 'label in the key ids (la-secretariat#root-<label>)', thisYear())
    .option('--days <n>', 'how long the signing key is certified', '365')
    .addHelpText(
      'after',
      `
Writes:
  ${CEREMONY_FILES.rootPrivate}            the ROOT PRIVATE KEY: keep it offline (two copies, in two safes)
  ${CEREMONY_FILES.rootPublic}                the root's public half: every node and verifier pins it
  ${CEREMONY_FILES.signingPrivate}   the directory service's online signing key (its configuration's signingKey)
  ${CEREMONY_FILES.certificate}   the root's certificate of it (signingCertificate)

Example:
  mou root init --out /media/usb/ceremony-2026 --days 365`,
    )
    .action(async (o: { out: string; label: string; days: string }) => {
      const days = positiveInt(o.days, '--days');
      const rootKey = await Promise.resolve().then(() => generateRootKey(o.label)).catch(badLabel);
      const signing = await Promise.resolve().then(() => generateDirectorySigningKey(o.label)).catch(badLabel);
      writeSecretFile(join(o.out, CEREMONY_FILES.rootPrivate), JSON.stringify(rootKey, null, 2));
      writePublicFile(join(o.out, CEREMONY_FILES.rootPublic), JSON.stringify(publicJwk(rootKey), null, 2));
      writeSecretFile(join(o.out, CEREMONY_FILES.signingPrivate), JSON.stringify(signing, null, 2));
      await certify(io, rootKey, signing, join(o.out, CEREMONY_FILES.certificate), new Date(), days);
      io.out(`root key ${rootKey.kid} made in ${o.out}`);
      io.out(`  pin ${CEREMONY_FILES.rootPublic} in every node (mou node config --root) and give it to verifiers`);
      io.out(`  move ${CEREMONY_FILES.rootPrivate} off this medium to its safes before it goes near a network`);
    });

  root
    .command('certify')
    .description("Certify the directory's signing key for a new period (renewal), or a new signing key (rotation).")
    .requiredOption('--root <file>', `the root private key (${CEREMONY_FILES.rootPrivate}), on the offline machine`)
    .requiredOption('-o, --out <folder>', 'where to write the certificate (and a new signing key)')
    .option('--key <file>', 'the signing key to certify again; without it a new one is made')
    .option('--label <label>', 'label of a new signing key', thisYear())
    .option('--days <n>', 'length of the period', '365')
    .option('--from <instant>', 'start of the period (RFC 3339); now by default')
    .addHelpText(
      'after',
      `
Examples:
  mou root certify --root /media/usb/root.jwk.json --key directory-signing.jwk.json --out renewal-2027
  mou root certify --root /media/usb/root.jwk.json --label 2027a --out new-signing-key`,
    )
    .action(async (o: { root: string; out: string; key?: string; label: string; days: string; from?: string }) => {
      const days = positiveInt(o.days, '--days');
      const rootKey = readPrivateJwk(o.root);
      if (rootKey.crv !== 'Ed25519' || !rootKey.kid.startsWith('la-secretariat#root-')) throw new CliError(`${o.root} is not a root key`);
      const from = o.from ? new Date(o.from) : new Date();
      if (Number.isNaN(from.getTime())) throw new CliError(`--from ${o.from} is not a date and time`);
      let signing: PrivateJwk;
      if (o.key) {
        signing = readPrivateJwk(o.key);
      } else {
        signing = await Promise.resolve().then(() => generateDirectorySigningKey(o.label)).catch(badLabel);
        writeSecretFile(join(o.out, CEREMONY_FILES.signingPrivate), JSON.stringify(signing, null, 2));
      }
      await certify(io, rootKey, signing, join(o.out, CEREMONY_FILES.certificate), from, days);
      io.out(`give ${CEREMONY_FILES.certificate}${o.key ? '' : ` and ${CEREMONY_FILES.signingPrivate}`} to the directory service and restart it`);
    });
}

async function certify(io: CliIo, rootKey: PrivateJwk, signing: PrivateJwk, path: string, from: Date, days: number): Promise<void> {
  const period = { notBefore: from.toISOString(), notAfter: new Date(from.getTime() + days * DAY_MS).toISOString() };
  const cert = await certifySigningKey(rootKey, signing, period).catch((err: unknown) => {
    throw new CliError(`cannot certify ${signing.kid}: ${err instanceof Error ? err.message : String(err)}`);
  });
  // Checked as a node will check it, before anyone relies on it.
  const check = await verifySigningCertificate(cert, [publicJwk(rootKey)]);
  if (!check.ok) throw new CliError(`the certificate made does not verify: ${check.reason}`);
  writePublicFile(path, cert);
  io.out(`${signing.kid} certified by ${rootKey.kid} from ${period.notBefore} to ${period.notAfter}: ${path}`);
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name} must be a whole number of 1 or more, not ${text}`);
  return n;
}

const badLabel = (err: unknown): never => {
  throw new CliError(`bad --label: ${err instanceof Error ? err.message : String(err)} (letters, digits, . _ -)`);
};
