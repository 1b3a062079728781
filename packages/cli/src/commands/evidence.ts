import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isReportLang, renderReport, verifyBundle, REPORT_LANGS } from '@mou-hub/evidence';
import { PublicJwkSchema } from '@mou-hub/protocol';
import { SHARED_CATALOGS } from '@mou-hub/web-kit';
import * as v from 'valibot';
import { CliError, type CliIo } from '../io.ts';

/** The console's name of a message type in a language, from the shared catalogs. */
function typeLabel(lang: keyof typeof SHARED_CATALOGS): (type: string) => string | undefined {
  const types = (SHARED_CATALOGS[lang] as { type?: Record<string, unknown> }).type ?? {};
  return (type) => (typeof types[type] === 'string' ? (types[type] as string) : undefined);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`cannot read ${what} at ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not JSON (${what})`);
  }
}

/** `mou evidence export` and `mou evidence verify`: a case's evidence bundle out of a node, and checked offline. */
export function register(program: Command, io: CliIo): void {
  const evidence = program.command('evidence').description("A case's evidence: verify a bundle offline, export one from a node.");
  evidence
    .command('verify')
    .description("Verify an evidence bundle offline, with only the Secretariat root's public key, and print a report a court clerk can read.")
    .argument('<file>', 'the bundle (written by mou evidence export)')
    .requiredOption('-r, --root <file>', "the Secretariat root's public key (JWK), e.g. .data/directory/root.pub.jwk")
    .option('-l, --lang <lang>', `language of the report: ${REPORT_LANGS.join(', ')}`, 'en')
    .option('--allow-unwitnessed', 'accept a head no witness countersigned (reported, not failed)')
    .addHelpText(
      'after',
      `
Needs no network, no node and no database: only the bundle and the root key. Exit code 0 only
when every signature, proof and receipt verifies; 1 otherwise, with each problem listed.

Example:
  mou evidence verify LA-TH-2026-0042.evidence.json --root root.pub.jwk --lang lo`,
    )
    .action(async (file: string, o: { root: string; lang: string; allowUnwitnessed?: boolean }) => {
      if (!isReportLang(o.lang)) throw new CliError(`--lang must be one of ${REPORT_LANGS.join(', ')}`);
      const root = v.safeParse(PublicJwkSchema, readJson(o.root, 'the root key'));
      if (!root.success || root.output.crv !== 'Ed25519') throw new CliError(`${o.root} is not an Ed25519 public JWK with a kid`);
      const report = await verifyBundle(readJson(file, 'the bundle'), root.output, { allowUnwitnessed: o.allowUnwitnessed === true });
      for (const line of renderReport(report, o.lang, { typeLabel: typeLabel(o.lang) }).trimEnd().split('\n')) io.out(line);
      if (!report.ok) throw new CliError(`the bundle does not verify: ${report.failures.length} problems`);
    });

  evidence
    .command('export')
    .description("Write one case's evidence bundle from a node's evidence log: envelopes as signed, receipts, directory versions, proofs, witnesses.")
    .requiredOption('--case <case>', "the case's reference (LA-TH-2026-0042) or id")
    .requiredOption('-o, --out <file>', 'the bundle file to write')
    .option('--node <folder>', "the node's data folder (holding config.json); default: the current folder", '.')
    .option('--disclose-as <user>', 'also reveal the bodies this agency received in the case, for the court; logged in the access log under this user')
    .addHelpText(
      'after',
      `
The node may be running. The bodies stay encrypted unless --disclose-as is given: then this
agency's own keys decrypt what it received in the case, and each read is in its access log.

Example:
  mou evidence export --node .data/agencies/la-mlsw --case LA-TH-2026-0042 --out LA-TH-2026-0042.evidence.json`,
    )
    .action(async (o: { case: string; out: string; node: string; discloseAs?: string }) => {
      const configPath = join(o.node, 'config.json');
      if (!existsSync(configPath)) throw new CliError(`no node configuration at ${configPath}`);
      // The node's package is loaded only here: verify needs nothing of the node.
      const { exportFromNodeData, loadAgencyConfig } = await import('@mou-hub/agency');
      const config = loadAgencyConfig(configPath);
      const r = await exportFromNodeData(config, { case: o.case, ...(o.discloseAs ? { disclose: { user: o.discloseAs } } : {}) });
      if (!r.ok) throw new CliError(r.reason);
      writeFileSync(o.out, `${JSON.stringify(r.bundle, null, 1)}\n`);
      io.out(`evidence of ${r.bundle.case.reference ?? r.bundle.case.thid} from ${config.agency}: ${r.bundle.entries.length} entries written to ${o.out}`);
      if (!r.witnessed) io.err('warning: the head was signed now and no witness has countersigned it yet (verify with --allow-unwitnessed, or export again later)');
    });
}
