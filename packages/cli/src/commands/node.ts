import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { hostPort, readPasswordFile, readPrivateJwk, readPublicJwk, writeSecretFile } from '../files.ts';
import { CliError, type CliIo } from '../io.ts';
import { loadAgency } from '../node-access.ts';

/** `mou node config`: an agency node's configuration file. */
export function register(program: Command, io: CliIo): void {
  program
    .command('node')
    .description("An agency's node (the service its officers use).")
    .command('config')
    .description("Write a node's configuration file (mode 0600: it holds the node's NATS password and session secret).")
    .requiredOption('-a, --agency <id>', 'the agency id in the directory')
    .requiredOption('-o, --out <file>', 'the configuration file to write')
    .requiredOption('--nats <urls>', 'NATS servers, comma-separated (all hub servers, or the post’s leaf node)')
    .requiredOption('--nats-user <user>', "the agency's NATS user")
    .requiredOption('--nats-password-file <file>', 'a file holding its password')
    .requiredOption('--keys <folder>', "the agency's key folder (mou agency keys generate)")
    .requiredOption('--root <file>', "the root's public key to pin (root.pub.jwk)")
    .requiredOption('--database <file>', 'the SQLite file (on an encrypted disk)')
    .option('--http <host:port>', 'where the node listens (behind a TLS proxy)', '127.0.0.1:8080')
    .option('--domain <name>', "the hub's JetStream domain, for a node behind a post's leaf node")
    .addHelpText(
      'after',
      `
Officers are not in the file: add them with mou users once the configuration exists.

Example:
  mou node config --agency la-mlsw --out /etc/mou/node.json --nats tls://hub1:4222,tls://hub2:4222,tls://hub3:4222 \\
      --nats-user la-mlsw --nats-password-file /etc/mou/nats.pass --keys /etc/mou/keys \\
      --root /etc/mou/root.pub.jwk --database /var/lib/mou/agency.db --http 127.0.0.1:8080`,
    )
    .action(
      async (o: {
        agency: string;
        out: string;
        nats: string;
        natsUser: string;
        natsPasswordFile: string;
        keys: string;
        root: string;
        database: string;
        http: string;
        domain?: string;
      }) => {
        const http = hostPort(o.http);
        const keyFiles = readdirSync(o.keys)
          .filter((f) => f.endsWith('.jwk.json'))
          .map((f) => resolve(o.keys, f))
          .filter((f) => readPrivateJwk(f).kid.startsWith(`${o.agency}#`));
        if (keyFiles.length < 2) throw new CliError(`${o.keys} holds no key pair of ${o.agency}: run mou agency keys generate first`);
        const config = {
          agency: o.agency,
          http,
          nats: {
            servers: o.nats.split(',').map((s) => s.trim()).filter(Boolean),
            user: o.natsUser,
            pass: readPasswordFile(o.natsPasswordFile),
            inboxPrefix: `_INBOX_${o.agency}`,
            ...(o.domain ? { domain: o.domain } : {}),
          },
          database: resolve(o.database),
          keyFiles,
          rootKeys: [readPublicJwk(o.root)],
          officers: [],
          tokenSecret: randomBytes(32).toString('base64url'),
        };
        // Checked as the node will check it at start, before it is written.
        const { parseAgencyConfig } = await loadAgency();
        try {
          parseAgencyConfig(config);
        } catch (err) {
          throw new CliError(err instanceof Error ? err.message : String(err));
        }
        writeSecretFile(o.out, JSON.stringify(config, null, 2));
        io.out(`node configuration of ${o.agency} written to ${o.out} (${keyFiles.length} key files, root ${config.rootKeys[0]!.kid})`);
        io.out(`  next: mou users --config ${o.out} add <username> --roles administrator`);
      },
    );
}

