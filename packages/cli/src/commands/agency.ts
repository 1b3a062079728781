import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateAgencyKeys, publicJwk, type AgencyKey, type PrivateJwk } from '@mou-hub/protocol';
import { readPrivateJwk, writePublicFile, writeSecretFile } from '../files.ts';
import { CliError, type CliIo } from '../io.ts';

const DAY_MS = 86_400_000;

/** The file of one private key in an agency's key folder: the node reads every `*.jwk.json` of its agency there. */
export const keyFileName = (kid: string) => `${kid.replace('#', '.')}.jwk.json`;

/** `mou agency keys`: an agency's signing and encryption keys, made on its own machine. */
export function register(program: Command, io: CliIo): void {
  const keys = program
    .command('agency')
    .description("An agency's own keys (run on the agency's machine: private keys never leave it).")
    .command('keys')
    .description('Generate, rotate and show the public halves of an agency’s keys.');

  const make = async (o: { agency: string; dir: string; label: string; out: string }, notBefore: Date, what: string) => {
    const pair = await generateAgencyKeys(o.agency, o.label).catch((err: unknown) => {
      throw new CliError(`cannot make keys: ${err instanceof Error ? err.message : String(err)} (agency ids look like la-mlsw; labels use letters, digits, . _ -)`);
    });
    for (const k of [pair.sig, pair.enc]) writeSecretFile(join(o.dir, keyFileName(k.kid)), JSON.stringify(k, null, 2));
    const entries = [directoryEntry(pair.sig, notBefore), directoryEntry(pair.enc, notBefore)];
    writePublicFile(o.out, JSON.stringify(entries, null, 2));
    io.out(`${what} ${pair.sig.kid} and ${pair.enc.kid} in ${o.dir} (mode 0600)`);
    io.out(`public halves, valid from ${notBefore.toISOString()}: ${o.out}`);
    io.out(`  send ${o.out} to the Secretariat: mou directory add-keys --agency ${o.agency} --file ${o.out}`);
    return pair;
  };

  keys
    .command('generate')
    .description("An agency's first key pair: Ed25519 to sign, X25519 to receive bodies.")
    .requiredOption('-a, --agency <id>', 'the agency id in the directory (e.g. la-mlsw)')
    .requiredOption('-d, --dir <folder>', "the node's key folder (its configuration's keyFiles point here)")
    .requiredOption('-o, --out <file>', 'where to write the public halves, as the directory lists them')
    .option('--label <label>', 'label in the key ids', `${new Date().getUTCFullYear()}a`)
    .addHelpText('after', '\nExample:\n  mou agency keys generate --agency la-mlsw --dir /etc/mou/keys --out la-mlsw-keys.json')
    .action(async (o: { agency: string; dir: string; label: string; out: string }) => {
      await make(o, new Date(), 'made');
    });

  keys
    .command('rotate')
    .description('A new key pair beside the old ones, valid from a later date: the node signs with it from then on, no restart.')
    .requiredOption('-a, --agency <id>', 'the agency id')
    .requiredOption('-d, --dir <folder>', "the node's key folder")
    .requiredOption('-o, --out <file>', 'where to write the new public halves')
    .requiredOption('--label <label>', 'label of the new keys (e.g. 2027a)')
    .option('--in-days <n>', 'days until the new keys take over, decimals allowed (every node must hold the directory that lists them by then)', '7')
    .addHelpText(
      'after',
      `
After the new keys took over, revoke the old ones: mou directory revoke-key --agency <id> --kid <old kid>

Example:
  mou agency keys rotate --agency la-mlsw --dir /etc/mou/keys --label 2027a --out la-mlsw-2027a.json --in-days 7`,
    )
    .action(async (o: { agency: string; dir: string; label: string; out: string; inDays: string }) => {
      const days = Number(o.inDays);
      if (!Number.isFinite(days) || days < 0) throw new CliError(`--in-days must be 0 or more, not ${o.inDays}`);
      await make(o, new Date(Date.now() + days * DAY_MS), 'new keys');
    });

  keys
    .command('public')
    .description("Print the public halves of the agency's keys in a folder (what the directory should list).")
    .requiredOption('-a, --agency <id>', 'the agency id')
    .requiredOption('-d, --dir <folder>', "the node's key folder")
    .addHelpText('after', '\nExample:\n  mou agency keys public --agency la-mlsw --dir /etc/mou/keys')
    .action((o: { agency: string; dir: string }) => {
      const found = readdirSync(o.dir)
        .filter((f) => f.endsWith('.jwk.json'))
        .map((f) => readPrivateJwk(join(o.dir, f)))
        .filter((k) => k.kid.startsWith(`${o.agency}#`));
      if (found.length === 0) throw new CliError(`no keys of ${o.agency} in ${o.dir}`);
      io.out(JSON.stringify(found.map((k) => publicJwk(k)), null, 2));
    });
}

/** The directory's entry for a key: its public half, what it is for, and from when. */
function directoryEntry(k: PrivateJwk, notBefore: Date): AgencyKey {
  return { kid: k.kid, use: k.crv === 'Ed25519' ? 'sig' : 'enc', jwk: publicJwk(k), notBefore: notBefore.toISOString() };
}
