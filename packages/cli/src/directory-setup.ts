import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import * as v from 'valibot';
import { AgencyKeySchema, AgencySchema, DirectorySnapshotSchema, verifySigningCertificate } from '@mou-hub/protocol';
import { hashPassword } from '@mou-hub/service-kit';
import { hostPort, readJson, readPasswordFile, readPrivateJwk, readPublicJwk, writePublicFile, writeSecretFile } from './files.ts';
import { CliError, type CliIo } from './io.ts';

const issuesOf = (issues: v.BaseIssue<unknown>[]) => issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ');

/** `mou directory seed` and `mou directory config`: what the directory service starts from. */
export function registerSetup(directory: Command, io: CliIo): void {
  directory
    .command('seed')
    .description('Write version 1 of the directory: the agencies with the public keys they sent, and the agreements.')
    .requiredOption('--root <file>', "the root's public key (root.pub.jwk)")
    .requiredOption('--agencies <file>', 'the agencies as JSON: [{ id, country, names, roles }] (keys may be left out)')
    .requiredOption('--agreements <file>', 'the agreements as JSON: [{ id, title, parties, languages, send, deadlines }]')
    .option('--keys <list>', "comma-separated <agency>=<file> of the public halves each agency sent (mou agency keys generate)")
    .requiredOption('-o, --out <file>', 'the seed file')
    .addHelpText('after', '\nExample:\n  mou directory seed --root root.pub.jwk --agencies agencies.json --agreements agreements.json \\\n      --keys la-mlsw=la-mlsw-keys.json,th-msdhs=th-msdhs-keys.json --out seed.json')
    .action((o: { root: string; agencies: string; agreements: string; keys?: string; out: string }) => {
      const agencies = v.safeParse(v.array(v.object({ ...AgencySchema.entries, keys: v.optional(v.array(AgencyKeySchema), []) })), readJson(o.agencies));
      if (!agencies.success) throw new CliError(`${o.agencies}: ${issuesOf(agencies.issues)}`);
      const byId = new Map(agencies.output.map((a) => [a.id, { ...a, keys: [...a.keys] }]));
      for (const pair of (o.keys ?? '').split(',').filter(Boolean)) {
        const [id, file] = pair.split('=');
        const agency = byId.get(id ?? '');
        if (!agency || !file) throw new CliError(`--keys ${pair}: give <agency>=<file> for an agency of ${o.agencies}`);
        const keys = v.safeParse(v.array(AgencyKeySchema), readJson(file));
        if (!keys.success) throw new CliError(`${file}: ${issuesOf(keys.issues)}`);
        agency.keys.push(...keys.output);
      }
      const snapshot = {
        version: 1,
        issued: new Date().toISOString(),
        rootKeys: [readPublicJwk(o.root)],
        agencies: [...byId.values()],
        agreements: readJson(o.agreements),
      };
      const r = v.safeParse(DirectorySnapshotSchema, snapshot);
      if (!r.success) throw new CliError(`the seed is not a valid directory: ${issuesOf(r.issues)}`);
      const keyless = r.output.agencies.filter((a) => a.keys.length === 0).map((a) => a.id);
      if (keyless.length > 0) io.err(`warning: ${keyless.join(', ')} have no keys yet: they can neither send nor receive until mou directory add-keys`);
      writePublicFile(o.out, JSON.stringify(r.output, null, 2));
      io.out(`${o.out}: ${r.output.agencies.length} agencies, ${r.output.agreements.length} agreements`);
    });

  directory
    .command('config')
    .description("Write the directory service's configuration: its online signing key and certificate, never the root key.")
    .requiredOption('--signing-key <file>', 'directory-signing.jwk.json from the key ceremony')
    .requiredOption('--certificate <file>', 'directory-signing.cert.jws from the key ceremony')
    .requiredOption('--root <file>', "the root's public key (root.pub.jwk)")
    .requiredOption('--nats <urls>', 'comma-separated hub URLs')
    .requiredOption('--nats-user <user>', "the directory's NATS user")
    .requiredOption('--nats-password-file <file>', 'a file holding its password')
    .requiredOption('--database <file>', 'the version history (SQLite)')
    .requiredOption('--admin <user>', 'the first administrator of the directory')
    .requiredOption('--admin-password-file <file>', "a file holding the administrator's password (stored as a hash)")
    .requiredOption('-o, --out <file>', 'the configuration file (mode 0600)')
    .option('--seed <file>', 'version 1 (mou directory seed), published if the directory is empty')
    .option('--http <host:port>', 'where the service listens', '127.0.0.1:8090')
    .option('--replicas <n>', 'replicas of the directory bucket (3 on the hub cluster)', '1')
    .action(async (o: DirectoryConfigOptions) => {
      const http = hostPort(o.http);
      const signingKey = readPrivateJwk(o.signingKey);
      if (signingKey.kid.includes('#root-')) throw new CliError(`${o.signingKey} is the ROOT key: it stays offline; give the directory signing key`);
      // The certificate file is the compact JWS as one line of text.
      const certText = readPasswordFile(o.certificate);
      const root = readPublicJwk(o.root);
      const check = await verifySigningCertificate(certText, [root]);
      if (!check.ok) throw new CliError(`${o.certificate}: ${check.reason}`);
      if (check.certificate.jwk.x !== signingKey.x) throw new CliError(`${o.certificate} certifies ${check.certificate.kid}, not ${signingKey.kid}`);
      const config = {
        http,
        nats: {
          servers: o.nats.split(',').filter(Boolean),
          user: o.natsUser,
          pass: readPasswordFile(o.natsPasswordFile),
          inboxPrefix: '_INBOX_directory',
          ...(o.replicas !== '1' ? { replicas: Number(o.replicas) } : {}),
        },
        database: resolve(o.database),
        signingKey,
        signingCertificate: certText,
        rootKeys: [root],
        tokenSecret: randomBytes(32).toString('base64url'),
        admins: [{ username: o.admin, passwordHash: await hashPassword(readPasswordFile(o.adminPasswordFile)) }],
        ...(o.seed ? { seed: readJson(o.seed) } : {}),
      };
      writeSecretFile(o.out, JSON.stringify(config, null, 2));
      io.out(`${o.out}: directory service signing with ${signingKey.kid} until ${check.certificate.notAfter}`);
    });
}

interface DirectoryConfigOptions {
  signingKey: string;
  certificate: string;
  root: string;
  nats: string;
  natsUser: string;
  natsPasswordFile: string;
  database: string;
  admin: string;
  adminPasswordFile: string;
  out: string;
  seed?: string;
  http: string;
  replicas: string;
}
