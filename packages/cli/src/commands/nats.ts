import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as v from 'valibot';
import { connectBus, ensureAttachmentStreams, ensureAuditConsumer, ensureInboxConsumer, ensureStream, purgeSenderStream, senderStreamName, senderStreamUse, STREAM, SUBJECT_PREFIX, type Bus } from '@mou-hub/bus';
import { brokerSenders, counterpartsOf, hubServerConfig, leafServerConfig, natsAuthorization, type NatsUsers, type TlsFiles } from '@mou-hub/infra';
import { DirectorySnapshotSchema, type DirectorySnapshot } from '@mou-hub/protocol';
import { readJson, readPasswordFile, writeSecretFile } from '../files.ts';
import { CliError, type CliIo } from '../io.ts';

const Creds = v.strictObject({ user: v.string(), password: v.pipe(v.string(), v.minLength(16)) });
/** The hub operator's file of NATS users (mode 0600): what natsAuthorization is made from. */
const UsersFileSchema = v.strictObject({
  agencies: v.record(v.string(), Creds),
  leaves: v.optional(v.record(v.string(), Creds)),
  directory: Creds,
  audit: Creds,
  admin: Creds,
});

const newPassword = () => randomBytes(24).toString('base64url');
const creds = (user: string) => ({ user, password: newPassword() });

/** `mou nats`: the hub's users, the servers' configurations, and the stream and consumers. */
export function register(program: Command, io: CliIo): void {
  const nats = program.command('nats').description('The NATS broker: users, server configurations (hub and leaf), stream and consumers.');

  nats
    .command('users')
    .description("Create or extend the hub's users file: one user per agency node (and post leaf), the directory, the audit, the operator.")
    .requiredOption('--directory <file>', 'the verified directory (mou directory show --out)')
    .requiredOption('-f, --file <file>', 'the users file (mode 0600), created or extended: existing passwords are kept')
    .option('--agency <ids>', 'comma-separated agencies that run a node; all of the directory by default')
    .option('--leaf <ids>', 'comma-separated agencies whose node sits behind a post’s leaf node')
    .option('--export <folder>', 'also write each user’s password to <folder>/<user>.pass, to hand over')
    .option('--remove <ids>', 'comma-separated agencies whose node and post leaf users are taken out (a flooding or compromised account)')
    .addHelpText(
      'after',
      '\nExamples:\n  mou nats users --directory directory.json --file /etc/mou/nats-users.json --export handover/\n  mou nats users --directory directory.json --file /etc/mou/nats-users.json --remove th-rtp',
    )
    .action((o: { directory: string; file: string; agency?: string; leaf?: string; export?: string; remove?: string }) => {
      const snapshot = readSnapshot(o.directory);
      const known = new Set(snapshot.agencies.map((a) => a.id));
      const list = (s: string | undefined, all: string[]) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : all);
      if (o.remove) {
        if (!existsSync(o.file)) throw new CliError(`${o.file} does not exist: nothing to remove`);
        const users = readUsers(o.file);
        const removed: string[] = [];
        for (const id of list(o.remove, [])) {
          const had = [users.agencies[id] && id, users.leaves?.[id] && `leaf-${id}`].filter((x): x is string => Boolean(x));
          if (had.length === 0) throw new CliError(`${o.file} has no user for ${id}`);
          delete users.agencies[id];
          if (users.leaves) delete users.leaves[id];
          removed.push(...had);
        }
        writeFileSync(o.file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
        io.out(`${o.file}: removed ${removed.join(', ')}`);
        io.out('regenerate each hub server configuration (mou nats config hub) and reload it (nats-server --signal reload): their connections are closed');
        return;
      }
      const agencies = list(o.agency, [...known]);
      const leaves = list(o.leaf, []);
      for (const id of [...agencies, ...leaves]) if (!known.has(id)) throw new CliError(`${id} is not in directory version ${snapshot.version}`);
      const held: NatsUsers | undefined = existsSync(o.file) ? readUsers(o.file) : undefined;
      const users: NatsUsers = held ?? { agencies: {}, directory: creds('directory'), audit: creds('audit'), admin: creds('admin') };
      const added: string[] = [];
      for (const id of agencies) if (!users.agencies[id]) (users.agencies[id] = creds(id)), added.push(id);
      for (const id of leaves) {
        users.leaves ??= {};
        if (!users.leaves[id]) (users.leaves[id] = creds(`leaf-${id}`)), added.push(`leaf-${id}`);
      }
      // Written whole again, so the file never holds half a change.
      writeFileSync(o.file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
      io.out(`${o.file}: ${added.length > 0 ? `added ${added.join(', ')}` : 'nothing to add'}`);
      if (o.export) {
        const all = [...Object.values(users.agencies), ...Object.values(users.leaves ?? {}), users.directory, users.audit, users.admin];
        for (const c of all) if (!existsSync(join(o.export, `${c.user}.pass`))) writeSecretFile(join(o.export, `${c.user}.pass`), c.password);
        io.out(`passwords in ${o.export}/<user>.pass (mode 0600): hand each to its agency over a safe channel`);
      }
      io.out('regenerate each hub server configuration (mou nats config hub) and reload it (nats-server --signal reload)');
    });

  const config = nats.command('config').description('Write a nats-server configuration.');

  config
    .command('hub')
    .description('One server of the hub cluster, with its users and permissions from the directory.')
    .requiredOption('--directory <file>', 'the verified directory (mou directory show --out)')
    .requiredOption('--users <file>', 'the users file (mou nats users)')
    .requiredOption('--name <name>', 'this server’s name (unique in the cluster, e.g. hub-1)')
    .requiredOption('--listen <host:port>', 'client listener')
    .requiredOption('--store <folder>', 'JetStream storage')
    .requiredOption('-o, --out <file>', 'the configuration file to write')
    .option('--domain <name>', 'JetStream domain of the hub (posts behind leaf nodes reach it by this name)', 'hub')
    .option('--cluster <name>', 'cluster name')
    .option('--cluster-listen <host:port>', 'route listener')
    .option('--routes <urls>', 'comma-separated routes to the other hub servers (nats-route://host:6222)')
    .option('--leaf-listen <host:port>', 'listener for the posts’ leaf nodes')
    .option('--leaf-advertise <host:port>', 'the leaf address the posts should dial')
    .option('--tls-cert <file>', 'server certificate (PEM), for clients, routes and leaf nodes')
    .option('--tls-key <file>', 'its private key (PEM)')
    .option('--tls-ca <file>', 'CA bundle that signed the other servers’ certificates')
    .option('--monitor <host:port>', 'monitoring listener (keep it on a private address)')
    .option('--bcrypt-cost <n>', 'cost of the password hashes (lower only in tests)', '11')
    .option('--sender-quota <MiB>', 'what each agency may hold in the message stream, in MiB (together at most the stream’s 2048)', '256')
    .addHelpText(
      'after',
      `
Example (the first of three):
  mou nats config hub --directory directory.json --users nats-users.json --name hub-1 \\
      --listen 0.0.0.0:4222 --store /var/lib/nats --out /etc/nats/hub-1.conf \\
      --cluster mou --cluster-listen 0.0.0.0:6222 --routes nats-route://hub-2:6222,nats-route://hub-3:6222 \\
      --leaf-listen 0.0.0.0:7422 --leaf-advertise hub.mou.example:7422 \\
      --tls-cert hub-1.pem --tls-key hub-1.key --tls-ca ca.pem --monitor 127.0.0.1:8222`,
    )
    .action((o: HubOptions) => {
      const snapshot = readSnapshot(o.directory);
      const users = readUsers(o.users);
      const tls = tlsOf(o);
      if (o.clusterListen && !o.cluster) throw new CliError('--cluster-listen needs --cluster <name>');
      const text = hubServerConfig({
        serverName: o.name,
        listen: o.listen,
        storeDir: o.store,
        domain: o.domain,
        // A cluster keeps each sender's stream on every server (provision --replicas 3).
        authorization: natsAuthorization(snapshot, users, { hubDomain: o.domain, bcryptCost: bcryptCost(o.bcryptCost), senderQuotaBytes: senderQuota(o.senderQuota), replicas: o.cluster ? (o.routes ?? '').split(',').filter(Boolean).length + 1 : 1 }),
        ...(tls ? { tls } : {}),
        ...(o.cluster && o.clusterListen
          ? { cluster: { name: o.cluster, listen: o.clusterListen, routes: (o.routes ?? '').split(',').filter(Boolean), ...(tls ? { tls: { ...tls, verify: true } } : {}) } }
          : {}),
        ...(o.leafListen ? { leafListen: { listen: o.leafListen, ...(o.leafAdvertise ? { advertise: o.leafAdvertise } : {}), ...(tls ? { tls } : {}) } } : {}),
        ...(o.monitor ? { monitor: o.monitor } : {}),
      });
      // Hashes only, but still who may connect: its owner reads it.
      writeSecretFile(o.out, text);
      io.out(`${o.out}: hub server ${o.name}, users from directory version ${snapshot.version}${tls ? ', TLS' : ''}`);
    });

  config
    .command('leaf')
    .description('The leaf node at an embassy or border post: its own JetStream domain, linked to the hub.')
    .requiredOption('--name <name>', 'this server’s name')
    .requiredOption('--listen <host:port>', 'listener for the post’s own node (keep it local)')
    .requiredOption('--store <folder>', 'JetStream storage')
    .requiredOption('--domain <name>', 'this leaf’s JetStream domain (e.g. la-emb-beijing)')
    .requiredOption('--hub <urls>', 'comma-separated leaf URLs of the hub (tls://hub.mou.example:7422)')
    .requiredOption('--user <user>', 'the leaf user the hub operator gave this post')
    .requiredOption('--password-file <file>', 'a file holding its password')
    .requiredOption('-o, --out <file>', 'the configuration file to write (mode 0600: it holds the password)')
    .option('--tls-ca <file>', 'CA bundle that signed the hub’s certificate')
    .option('--monitor <host:port>', 'monitoring listener')
    .addHelpText(
      'after',
      `
Example:
  mou nats config leaf --name beijing --listen 127.0.0.1:4222 --store /var/lib/nats --domain la-emb-beijing \\
      --hub tls://hub.mou.example:7422 --user leaf-la-emb-beijing --password-file leaf.pass --tls-ca ca.pem --out /etc/nats/leaf.conf`,
    )
    .action((o: { name: string; listen: string; store: string; domain: string; hub: string; user: string; passwordFile: string; out: string; tlsCa?: string; monitor?: string }) => {
      const text = leafServerConfig({
        serverName: o.name,
        listen: o.listen,
        storeDir: o.store,
        domain: o.domain,
        authorization: '',
        remotes: {
          urls: o.hub.split(',').map((u) => u.trim()).filter(Boolean),
          user: o.user,
          password: readPasswordFile(o.passwordFile),
          ...(o.tlsCa ? { tls: { ca: o.tlsCa } as TlsFiles } : {}),
        },
        ...(o.monitor ? { monitor: o.monitor } : {}),
      });
      writeSecretFile(o.out, text);
      io.out(`${o.out}: leaf node ${o.name} (domain ${o.domain}) to ${o.hub}`);
    });

  nats
    .command('provision')
    .description('Create (or bring up to date) the message stream, each agency’s inbox consumer and attachment streams, and the audit’s consumer.')
    .requiredOption('--servers <urls>', 'comma-separated hub URLs')
    .requiredOption('--directory <file>', 'the verified directory')
    .requiredOption('--users <file>', 'the users file: its agencies get consumers, its admin user does the work')
    .option('--replicas <n>', 'replicas of each stream (3 on the hub cluster)', '1')
    .option('--tls-ca <file>', 'CA bundle of the hub’s certificates')
    .addHelpText('after', '\nExample:\n  mou nats provision --servers tls://hub-1:4222,tls://hub-2:4222 --directory directory.json --users nats-users.json --replicas 3')
    .action(async (o: { servers: string; directory: string; users: string; replicas: string; tlsCa?: string }) => {
      const snapshot = readSnapshot(o.directory);
      const users = readUsers(o.users);
      const replicas = Number(o.replicas);
      if (![1, 3, 5].includes(replicas)) throw new CliError(`--replicas is 1, 3 or 5, not ${o.replicas}`);
      const bus = await adminBus(o, users, 'mou-cli-provision');
      try {
        io.progress('stream MOU_V1');
        await ensureStream(bus, { replicas, senders: brokerSenders(snapshot) });
        const agencies = Object.keys(users.agencies);
        for (const [i, id] of agencies.entries()) {
          io.progress(`agency ${i + 1} of ${agencies.length}: ${id}`);
          await ensureInboxConsumer(bus, id);
          await ensureAttachmentStreams(bus, id, counterpartsOf(snapshot, id), { replicas });
        }
        await ensureAuditConsumer(bus);
        io.out(`provisioned: stream MOU_V1 (R${replicas}), ${agencies.length} inboxes and their attachment streams, the audit consumer`);
      } finally {
        await bus.close();
      }
    });

  nats
    .command('senders')
    .description('How full the message stream is, and how many of its messages each sender published, with how much of its quota that is: names a flooding account.')
    .requiredOption('--servers <urls>', 'comma-separated hub URLs')
    .requiredOption('--users <file>', 'the users file: its admin user reads the stream')
    .option('--tls-ca <file>', 'CA bundle of the hub’s certificates')
    .addHelpText('after', '\nExample:\n  mou nats senders --servers tls://hub-1:4222 --users nats-users.json --tls-ca ca.pem')
    .action(async (o: { servers: string; users: string; tlsCa?: string }) => {
      const bus = await adminBus(o, readUsers(o.users), 'mou-cli-senders');
      try {
        const { bytes, maxBytes, bySender } = await streamSenders(bus);
        io.out(`stream ${STREAM}: ${mib(bytes)} of ${mib(maxBytes)} (${Math.round((100 * bytes) / maxBytes)} %)`);
        const rows = [...bySender].sort((a, b) => b[1] - a[1]);
        if (rows.length === 0) io.out('no messages');
        for (const [sender, n] of rows) {
          const use = await senderStreamUse(bus, sender);
          const quota = use ? `, ${mib(use.bytes)} of its ${mib(use.maxBytes)} quota (${Math.round((100 * use.bytes) / use.maxBytes)} %)` : '';
          io.out(`${sender.padEnd(24)} ${String(n).padStart(10)} messages${quota}`);
        }
      } finally {
        await bus.close();
      }
    });

  nats
    .command('purge')
    .description(
      'Remove from the message stream everything one sender published (a flood from its account), read or not, and empty its quota stream so that its quota is free again. Without --yes, only says how many messages that is.',
    )
    .requiredOption('--servers <urls>', 'comma-separated hub URLs')
    .requiredOption('--users <file>', 'the users file: its admin user purges')
    .requiredOption('--from <agency>', 'the sender whose messages are removed')
    .option('--yes', 'remove them (without it, nothing is removed)')
    .option('--tls-ca <file>', 'CA bundle of the hub’s certificates')
    .addHelpText('after', '\nExample:\n  mou nats purge --servers tls://hub-1:4222 --users nats-users.json --from th-rtp --yes')
    .action(async (o: { servers: string; users: string; from: string; yes?: boolean; tlsCa?: string }) => {
      if (!/^[a-z0-9-]+$/.test(o.from)) throw new CliError(`--from must be an agency id, not ${JSON.stringify(o.from)}`);
      const bus = await adminBus(o, readUsers(o.users), 'mou-cli-purge');
      try {
        const held = (await streamSenders(bus)).bySender.get(o.from) ?? 0;
        if (!o.yes) {
          io.out(`${held} messages from ${o.from} in ${STREAM}; nothing removed (add --yes to remove them)`);
          return;
        }
        // Its quota stream first: what is still there and not yet in MOU_V1 would be sourced after the purge.
        const fromQuota = await purgeSenderStream(bus, o.from);
        const { purged } = await (await bus.jsm()).streams.purge(STREAM, { filter: `${SUBJECT_PREFIX}.*.${o.from}` });
        io.out(`removed ${purged} messages from ${o.from} in ${STREAM}${fromQuota ? ` and ${fromQuota} in ${senderStreamName(o.from)}` : ''}`);
      } finally {
        await bus.close();
      }
    });
}

/** The operator's connection to the hub (TLS with the given CA). */
function adminBus(o: { servers: string; tlsCa?: string }, users: NatsUsers, name: string): Promise<Bus> {
  return connectBus({ servers: o.servers.split(','), user: users.admin.user, pass: users.admin.password, name, ...(o.tlsCa ? { tls: { caFile: o.tlsCa } } : {}) });
}

const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** MOU_V1's fill and its message count per sender (the last token of `mou.v1.msg.<to>.<from>`). */
async function streamSenders(bus: Bus): Promise<{ bytes: number; maxBytes: number; bySender: Map<string, number> }> {
  const info = await (await bus.jsm()).streams.info(STREAM, { subjects_filter: `${SUBJECT_PREFIX}.>` });
  const bySender = new Map<string, number>();
  for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
    const sender = subject.split('.')[4] ?? subject;
    bySender.set(sender, (bySender.get(sender) ?? 0) + n);
  }
  return { bytes: info.state.bytes, maxBytes: info.config.max_bytes, bySender };
}

function senderQuota(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1024 * 1024) throw new CliError(`--sender-quota is a whole number of MiB from 1, not ${text}`);
  return n * 1024 ** 2;
}

function bcryptCost(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 4 || n > 15) throw new CliError(`--bcrypt-cost is a whole number from 4 to 15, not ${text}`);
  return n;
}

interface HubOptions {
  bcryptCost: string;
  senderQuota: string;
  directory: string;
  users: string;
  name: string;
  listen: string;
  store: string;
  out: string;
  domain: string;
  cluster?: string;
  clusterListen?: string;
  routes?: string;
  leafListen?: string;
  leafAdvertise?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  monitor?: string;
}

function tlsOf(o: HubOptions): TlsFiles | undefined {
  if (!o.tlsCert && !o.tlsKey) return undefined;
  if (!o.tlsCert || !o.tlsKey) throw new CliError('TLS needs both --tls-cert and --tls-key');
  return { cert: o.tlsCert, key: o.tlsKey, ...(o.tlsCa ? { ca: o.tlsCa } : {}) };
}

function readSnapshot(path: string): DirectorySnapshot {
  const r = v.safeParse(DirectorySnapshotSchema, readJson(path));
  if (!r.success) throw new CliError(`${path} is not a directory snapshot (write one with mou directory show --out)`);
  return r.output;
}

function readUsers(path: string): NatsUsers {
  const r = v.safeParse(UsersFileSchema, readJson(path));
  if (!r.success) throw new CliError(`${path} is not a users file (mou nats users writes one)`);
  return r.output;
}
