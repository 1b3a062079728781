import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { hashPassword } from '@mou-hub/service-kit';
import { hostPort, readPasswordFile, readPublicJwk, writeSecretFile } from '../files.ts';
import { CliError, type CliIo } from '../io.ts';

/** `mou audit config`: the audit service's configuration. */
export function register(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description('The audit service (metadata of every envelope, reports, dashboard).')
    .command('config')
    .description("Write the audit service's configuration (mode 0600: it holds its NATS password and session secret).")
    .requiredOption('--nats <urls>', 'comma-separated hub URLs')
    .option('--nats-user <user>', "the audit's NATS user", 'audit')
    .requiredOption('--nats-password-file <file>', 'a file holding its password')
    .requiredOption('--root <file>', "the root's public key to pin (root.pub.jwk)")
    .requiredOption('--database <file>', 'its SQLite file')
    .requiredOption('--auditor <user>', 'the first auditor (reads the reports)')
    .requiredOption('--auditor-password-file <file>', "a file holding the auditor's password (stored as a hash)")
    .requiredOption('-o, --out <file>', 'the configuration file')
    .option('--http <host:port>', 'where the service listens (behind a TLS proxy)', '127.0.0.1:8091')
    .addHelpText(
      'after',
      `
Example:
  mou audit config --nats tls://hub-1:4222,tls://hub-2:4222,tls://hub-3:4222 --nats-password-file handover/audit.pass \\
      --root root.pub.jwk --database /var/lib/mou-hub/audit/audit.db --auditor auditor \\
      --auditor-password-file auditor.pass --out /etc/mou-hub/audit.json`,
    )
    .action(async (o: { nats: string; natsUser: string; natsPasswordFile: string; root: string; database: string; auditor: string; auditorPasswordFile: string; out: string; http: string }) => {
      const http = hostPort(o.http);
      const config = {
        http,
        nats: { servers: o.nats.split(',').filter(Boolean), user: o.natsUser, pass: readPasswordFile(o.natsPasswordFile), inboxPrefix: '_INBOX_audit' },
        database: resolve(o.database),
        rootKeys: [readPublicJwk(o.root)],
        tokenSecret: randomBytes(32).toString('base64url'),
        auditors: [{ username: o.auditor, passwordHash: await hashPassword(readPasswordFile(o.auditorPasswordFile)) }],
      };
      // Checked as the service checks it at start, before it is written.
      const { parseAuditConfig } = await import('@mou-hub/audit');
      try {
        parseAuditConfig(config);
      } catch (err) {
        throw new CliError(err instanceof Error ? err.message : String(err));
      }
      writeSecretFile(o.out, JSON.stringify(config, null, 2));
      io.out(`${o.out}: audit service, NATS user ${o.natsUser}, root ${config.rootKeys[0]!.kid}, auditor ${o.auditor}`);
    });
}
