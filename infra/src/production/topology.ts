import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectBus, ensureAttachmentStreams, ensureAuditConsumer, ensureInboxConsumer, ensureStream, type Bus } from '@mou-hub/bus';
import { freePorts, startLinkProxy, startNats, type LinkProxy, type NatsServer } from '@mou-hub/testkit';
import { brokerSenders } from '../nats-accounts.ts';
import { counterpartsOf, natsAuthorization, connectAs, type NatsCredentials } from '../nats-auth.ts';
import { hubServerConfig, leafServerConfig, type TlsFiles } from '../nats-config.ts';
import { spawnAgencyNode, type NodeProcess } from '../federation/agency-process.ts';
import { currentServiceBundle } from '../federation/node-bundle.ts';
import { auditServiceConfig, directoryServiceConfig } from '../federation/service-configs.ts';
import { prepareFederation, writeAgencyConfig, type PreparedFederation } from '../federation/prepare.ts';
import { newSecret } from '../federation/secrets.ts';
import { jsonField, spawnService, type ServiceProcess } from '../federation/service-process.ts';
import { localCa } from './local-ca.ts';

/** The hub's JetStream domain: the post's node reaches the stream through it. */
export const HUB_DOMAIN = 'hub';
/** The post behind a leaf node, and the agencies at the hub. */
export const POST = 'la-emb-beijing';
export const HUB_AGENCIES = ['la-mlsw', 'th-msdhs'] as const;

/**
 * The agencies' keys in the seed directory start this long before the launch, as after a key
 * ceremony a month earlier: a post whose clock is set back a week (below) still signs inside its
 * key's period.
 */
const KEYS_AGE_MS = 30 * 86_400_000;

/**
 * A `node --import` module that moves the process's wall clock by `MOU_CLOCK_OFFSET_MS`: `Date.now()`
 * and `new Date()` (what the node stamps messages, tokens and logs with) answer that much later
 * (earlier, when negative); dates built from a value, timers and the monotonic clock are untouched.
 * The production test runs the post's node a week behind while its link is down, so what it seals
 * then reaches the hub's stream a week after its `created`, as after a week cut off.
 */
export const CLOCK_OFFSET_IMPORT = `data:text/javascript,${encodeURIComponent(`
const offset = Number(process.env.MOU_CLOCK_OFFSET_MS);
if (!Number.isFinite(offset)) throw new Error('MOU_CLOCK_OFFSET_MS is not a number of milliseconds');
const RealDate = globalThis.Date;
const now = () => RealDate.now() + offset;
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
  apply: () => new RealDate(now()).toString(),
  get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
});
`)}`;

/** The production shape running on one machine. */
export interface Production {
  prepared: PreparedFederation;
  /** The three hub servers (TLS on client, route and leaf listeners). */
  hubs: NatsServer[];
  hubUrls: string[];
  /** Each hub server's monitoring endpoint (`/varz`, `/leafz`, `/jsz`), as Prometheus' exporter reads it. */
  monitorUrls: string[];
  /** The post's leaf node (its own JetStream domain), and its uplink that can be cut. */
  leaf: NatsServer;
  uplink: { cut(): void; restore(): void };
  /** The CA that signed every server's certificate. */
  caFile: string;
  /** The hub-side user of the post's leaf connection (least privilege: its agency's grants). */
  leafUser: NatsCredentials;
  directoryUrl: string;
  auditUrl: string;
  agencies: Map<string, NodeProcess>;
  /** A connection as the hub's admin (TLS). */
  admin: Bus;
  /**
   * Stops an agency's node if it runs and starts it again, with the same configuration and
   * environment. `clockOffsetMs` runs it with its clock that far off (negative: behind), as a post
   * whose week without a link is simulated: see {@link CLOCK_OFFSET_IMPORT}.
   */
  restartNode(id: string, opts?: { clockOffsetMs?: number }): Promise<NodeProcess>;
  stop(): Promise<void>;
}

/**
 * Brings up, on one machine, what ARCHITECTURE.md deploys across four countries: a 3-server hub
 * cluster (R3 stream, TLS from a local CA made here, users and permissions generated from the
 * directory with bcrypt hashes), the directory, the audit and the hub's agency nodes each in its
 * own process from its bundle, and la-emb-beijing behind a leaf node with its own JetStream
 * domain, joined through a link that can be cut. Nothing listens beyond loopback.
 *
 * @example
 * const prod = await launchProduction({ dataDir: '.data/production' });
 * prod.uplink.cut(); …; prod.uplink.restore();
 */
export async function launchProduction(opts: {
  dataDir: string;
  fresh?: boolean;
  say?: (line: string) => void;
  /** How often the nodes sign their evidence log's head and have it witnessed (default: the node's, 60 s). */
  evidenceHeadIntervalMs?: number;
}): Promise<Production> {
  const say = opts.say ?? (() => {});
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const bundles = Promise.all([currentServiceBundle('agency'), currentServiceBundle('directory'), currentServiceBundle('audit')]);
  const prepared = await prepareFederation(opts.dataDir, {
    http: { host: '127.0.0.1', basePort: 0 },
    agencies: [...HUB_AGENCIES, POST].map((id) => ({ id, officer: 'officer', roles: ['liaison-officer', 'embassy-desk', 'supervisor'] })),
  }, { keysNotBefore: new Date(Date.now() - KEYS_AGE_MS).toISOString() });
  const tls = localCa(join(opts.dataDir, 'tls'));
  const tlsFiles: TlsFiles = { cert: tls.cert, key: tls.key, ca: tls.ca };
  // Services learn the hub's CA from the environment; only the post's node talks to its leaf in clear, on loopback.
  const env = { NODE_EXTRA_CA_CERTS: tls.ca };
  const leafUser = { user: `leaf-${POST}`, password: newSecret() };
  const hubUsers = { ...prepared.natsUsers, agencies: Object.fromEntries(HUB_AGENCIES.map((id) => [id, prepared.natsUsers.agencies[id]!])), leaves: { [POST]: leafUser } };
  const authorization = natsAuthorization(prepared.seed, hubUsers, { hubDomain: HUB_DOMAIN, replicas: 3 });
  writeFileSync(join(opts.dataDir, 'nats-authorization.conf'), authorization, { mode: 0o600 });

  const hubs: NatsServer[] = [];
  const links: LinkProxy[] = [];
  const processes: ServiceProcess[] = [];
  const agencies = new Map<string, NodeProcess>();
  let leaf: NatsServer | undefined;
  let admin: Bus | undefined;
  const stop = async () => {
    await Promise.all([...agencies.values()].map((n) => n.kill('SIGTERM')));
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await admin?.close();
    await leaf?.stop();
    await Promise.all(links.map((l) => l.stop()));
    await Promise.all(hubs.map((h) => h.stop()));
  };
  try {
    const [client, route, leafPort, monitor] = [0, 1, 2, 3].map(() => [] as number[]);
    const ports = await freePorts(12);
    for (let i = 0; i < 3; i++) {
      client!.push(ports[i]!);
      route!.push(ports[3 + i]!);
      leafPort!.push(ports[6 + i]!);
      monitor!.push(ports[9 + i]!);
    }
    // The post's uplink: one relay per hub server, which each hub advertises to leaf nodes.
    links.push(...(await Promise.all(leafPort!.map((p) => startLinkProxy(p)))));
    hubs.push(
      ...(await Promise.all(
        [0, 1, 2].map((i) =>
          startNats({
            port: client![i]!,
            readyTimeoutMs: 30_000,
            configText: ({ port, storeDir }) =>
              hubServerConfig({
                serverName: `hub-${i + 1}`,
                listen: `127.0.0.1:${port}`,
                storeDir,
                domain: HUB_DOMAIN,
                authorization,
                tls: tlsFiles,
                cluster: { name: 'mou-hub', listen: `127.0.0.1:${route![i]}`, routes: route!.map((p) => `nats-route://127.0.0.1:${p}`), tls: tlsFiles },
                leafListen: { listen: `127.0.0.1:${leafPort![i]}`, advertise: `127.0.0.1:${links[i]!.port}`, tls: tlsFiles },
                monitor: `127.0.0.1:${monitor![i]}`,
              }),
          }),
        ),
      )),
    );
    const hubUrls = hubs.map((h) => `tls://127.0.0.1:${h.port}`);
    say(`hub cluster: ${hubUrls.join(', ')} (TLS, CA ${tls.ca})`);
    admin = await connectBus({ servers: hubUrls, ...connectAs(prepared.natsUsers.admin), name: 'mou-production-launcher', tls: { caFile: tls.ca } });
    await waitForMeta(admin);
    await ensureStream(admin, { replicas: 3, senders: brokerSenders(prepared.seed) });
    for (const a of prepared.agencies) await ensureInboxConsumer(admin, a.id);
    for (const a of prepared.agencies) await ensureAttachmentStreams(admin, a.id, counterpartsOf(prepared.seed, a.id), { replicas: 3 });
    await ensureAuditConsumer(admin);

    leaf = await startNats({
      configText: ({ port, storeDir }) =>
        leafServerConfig({
          serverName: `post-${POST}`,
          listen: `127.0.0.1:${port}`,
          storeDir,
          domain: 'post',
          authorization: '',
          remotes: { urls: links.map((l) => `nats-leaf://127.0.0.1:${l.port}`), user: leafUser.user, password: leafUser.password, tls: { cert: tls.cert, key: tls.key, ca: tls.ca } },
        }),
    });
    say(`leaf node of ${POST} at ${leaf.url}, domain post`);

    const [agencyBundle, directoryBundle, auditBundle] = await bundles;
    for (const d of ['directory', 'audit']) mkdirSync(join(opts.dataDir, d), { recursive: true, mode: 0o700 });
    const readyUrl = (line: string) => jsonField(line, (e) => (e['ready'] === true ? e['url'] : undefined));
    const log = (name: string) => createWriteStream(join(opts.dataDir, `${name}.log`), { flags: 'a', mode: 0o600 });
    const directory = await spawnService({
      label: 'directory service',
      args: [directoryBundle],
      env: {
        ...env,
        DIRECTORY_CONFIG_JSON: JSON.stringify(directoryServiceConfig(prepared, { servers: hubUrls, ...connectAs(prepared.natsUsers.directory, 'directory') }, 0)),
      },
      readyUrl,
      logTo: log('directory'),
      timeoutMs: 60_000,
    });
    processes.push(directory);
    const audit = await spawnService({
      label: 'audit service',
      args: [auditBundle],
      env: {
        ...env,
        AUDIT_CONFIG_JSON: JSON.stringify(auditServiceConfig(prepared, { servers: hubUrls, ...connectAs(prepared.natsUsers.audit, 'audit') }, 0)),
      },
      readyUrl,
      logTo: log('audit'),
      timeoutMs: 60_000,
    });
    processes.push(audit);
    say(`directory at ${directory.url}, audit at ${audit.url}`);

    for (const a of prepared.agencies) {
      const atPost = a.id === POST;
      // The post's node knows only its leaf (no user there: it listens on loopback), and reaches the hub by domain.
      const every = opts.evidenceHeadIntervalMs ? { evidenceHeadIntervalMs: opts.evidenceHeadIntervalMs } : {};
      await writeAgencyConfig(prepared, a, atPost ? leaf.url : hubUrls, atPost ? { anonymous: true, domain: HUB_DOMAIN, ...every } : every);
    }
    const startNode = async (id: string, o: { clockOffsetMs?: number } = {}) => {
      const a = prepared.agencies.find((x) => x.id === id)!;
      const clock = o.clockOffsetMs ? { nodeArgs: ['--import', CLOCK_OFFSET_IMPORT], env: { ...env, MOU_CLOCK_OFFSET_MS: String(o.clockOffsetMs) } } : { env };
      const node = await spawnAgencyNode(a.configPath, { bundle: agencyBundle, logTo: log(`node-${id}`), timeoutMs: 60_000, ...clock });
      agencies.set(id, node);
      return node;
    };
    await Promise.all(prepared.agencies.map((a) => startNode(a.id)));
    say(`agency nodes: ${[...agencies].map(([id, n]) => `${id} ${n.url}`).join(', ')}`);
    return {
      prepared,
      hubs,
      hubUrls,
      monitorUrls: monitor!.map((p) => `http://127.0.0.1:${p}`),
      leaf,
      uplink: { cut: () => links.forEach((l) => l.cut()), restore: () => links.forEach((l) => l.restore()) },
      caFile: tls.ca,
      leafUser,
      directoryUrl: directory.url,
      auditUrl: audit.url,
      agencies,
      admin,
      restartNode: async (id, o) => {
        await agencies.get(id)?.kill('SIGTERM');
        return startNode(id, o);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// The stream needs a JetStream meta leader: account info answers once there is one.
async function waitForMeta(bus: Bus): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await (await bus.jsm()).getAccountInfo();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no JetStream meta leader in the hub cluster: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
