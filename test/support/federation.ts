import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBus, directoryKv, DIRECTORY_KEY, ensureAttachmentStreams, ensureAuditConsumer, ensureInboxConsumer, ensureStream, type Bus } from '@mou-hub/bus';
import { loadAgencyConfig, startAgencyNode, type AgencyConfig, type AgencyNode } from '@mou-hub/agency';
import { startDirectoryService } from '@mou-hub/directory';
import { brokerSenders, connectAs, counterpartsOf, prepareFederation, writeAgencyConfig, type PreparedAgency, type PreparedFederation } from '@mou-hub/infra';
import { signDirectory, type DirectorySnapshot } from '@mou-hub/protocol';
import { startCluster, startNats, type NatsCluster, type NatsServer } from '@mou-hub/testkit';
import { ApiClient } from './api.ts';

/** A federation for one test file: a real nats-server with the generated permissions, and nodes. */
export interface TestFederation {
  /** The server (with `{ cluster: true }`, the first of the three). */
  nats: NatsServer;
  /** With `{ cluster: true }`: three clustered servers, R3 stream and KV, no broker users. */
  cluster?: NatsCluster;
  prepared: PreparedFederation;
  /** Admin connection (may do everything): for injecting raw messages and inspecting the stream. */
  admin: Bus;
  nodes: Map<string, AgencyNode>;
  agency(id: string): PreparedAgency;
  startNode(id: string): Promise<AgencyNode>;
  stopNode(id: string): Promise<void>;
  /** An API client logged in as the agency's officer (or its supervisor). */
  api(id: string, as?: 'officer' | 'supervisor'): Promise<ApiClient>;
  /** Signs a snapshot with the root key and puts it in the directory KV, as the directory service would. */
  publishDirectory(snapshot: DirectorySnapshot): Promise<void>;
  /** Puts any JWS in the directory KV (a forged or stale snapshot, as a broken publisher could). */
  putDirectoryJws(jws: string): Promise<void>;
  /** The directory service, when started with `{ directory: true }`. */
  directory?: { url: string; admin: { username: string; password: string } };
  close(): Promise<void>;
}

/**
 * A node started in the test's own process shares its event loop with the test and the other
 * nodes there, on a machine that runs other test files meanwhile: a stall of that loop is the
 * harness's, not a sign that the node is overloaded. Unless its configuration file sets
 * `limits.overload` (the overload test does), such a node sheds only past a 10 s event-loop
 * delay and never for a busy loop, so that tests of other things are not refused with a 503 at
 * random. Nodes in their own processes (`spawnTestNode`: the flood test) keep the production limits.
 */
export function inProcessNodeConfig(configPath: string): AgencyConfig {
  const config = loadAgencyConfig(configPath);
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { limits?: { overload?: unknown } };
  if (raw.limits?.overload !== undefined) return config;
  return { ...config, limits: { ...config.limits, overload: { ...config.limits.overload, maxEventLoopDelayMs: 10_000, maxEventLoopUtilization: 1 } } };
}

/**
 * Starts nats-server (JetStream, free port, temp storage, permissions generated from the seed
 * directory), provisions the stream and consumers, publishes directory version 1, and starts
 * an in-process node for each agency listed.
 */
export async function startTestFederation(
  agencies: string[],
  opts: { startNodes?: boolean; directory?: boolean; cluster?: boolean; attachmentQuotaBytes?: number } = {},
): Promise<TestFederation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mou-fed-'));
  const prepared = await prepareFederation(dataDir, {
    http: { host: '127.0.0.1', basePort: 0 },
    agencies: agencies.map((id) => ({ id, officer: 'officer', roles: ['liaison-officer', 'supervisor'] })),
  });
  // A cluster runs without broker users (its permissions are tested on a single server).
  const cluster = opts.cluster ? await startCluster(3) : undefined;
  const nats = cluster ? cluster.servers[0]! : await startNats({ config: prepared.natsAuthorization, storeDir: join(dataDir, 'nats') });
  const servers = cluster ? [...cluster.urls] : nats.url;
  const replicas = cluster ? 3 : 1;
  const users = cluster ? undefined : prepared.natsUsers;
  const admin = await connectBus({ servers, ...connectAs(users?.admin), name: 'test-admin' });
  await ensureStream(admin, { replicas, ...(cluster ? {} : { senders: brokerSenders(prepared.seed) }) });
  for (const id of agencies) await ensureInboxConsumer(admin, id);
  // One attachment stream per pair of agencies that run here (each sender's quota at each recipient).
  for (const id of agencies) await ensureAttachmentStreams(admin, id, counterpartsOf(prepared.seed, id).filter((c) => agencies.includes(c)), {
      replicas,
      ...(opts.attachmentQuotaBytes ? { maxBytes: opts.attachmentQuotaBytes } : {}),
    });
  await ensureAuditConsumer(admin);
  const directoryBus = await connectBus({ servers, ...connectAs(users?.directory, 'directory'), name: 'test-directory' });
  const kv = await directoryKv(directoryBus, { create: true, replicas });
  const putDirectoryJws = async (jws: string) => {
    await kv.put(DIRECTORY_KEY, jws);
  };
  const publishDirectory = async (snapshot: DirectorySnapshot) => putDirectoryJws(await signDirectory(snapshot, prepared.rootKey));
  const service = opts.directory
    ? await startDirectoryService({
        nats: { servers, ...connectAs(users?.directory, 'directory') },
        database: join(dataDir, 'directory.db'),
        signingKey: prepared.directorySigning.key,
      signingCertificate: prepared.directorySigning.certificate,
      rootKeys: [prepared.rootPublic],
        tokenSecret: prepared.directory.tokenSecret,
        admins: [prepared.directory.admin],
        seed: prepared.seed,
      })
    : undefined;
  if (!service) await publishDirectory(prepared.seed);
  for (const a of prepared.agencies) await writeAgencyConfig(prepared, a, servers, { anonymous: Boolean(cluster) });

  const nodes = new Map<string, AgencyNode>();
  const agency = (id: string) => {
    const a = prepared.agencies.find((x) => x.id === id);
    if (!a) throw new Error(`no agency ${id} in this federation`);
    return a;
  };
  const startNode = async (id: string) => {
    const node = await startAgencyNode(inProcessNodeConfig(agency(id).configPath));
    nodes.set(id, node);
    return node;
  };
  const fed: TestFederation = {
    nats,
    ...(cluster ? { cluster } : {}),
    prepared,
    admin,
    nodes,
    agency,
    startNode,
    async stopNode(id) {
      await nodes.get(id)?.close();
      nodes.delete(id);
    },
    async api(id, as = 'officer') {
      const node = nodes.get(id);
      if (!node) throw new Error(`node ${id} is not running`);
      const login = agency(id)[as];
      return ApiClient.login(node.url, login.username, login.password);
    },
    publishDirectory,
    putDirectoryJws,
    ...(service ? { directory: { url: service.url, admin: prepared.directory.admin } } : {}),
    async close() {
      for (const id of [...nodes.keys()]) await fed.stopNode(id);
      await service?.close();
      await directoryBus.close();
      await admin.close();
      await (cluster ?? nats).stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (opts.startNodes !== false) for (const id of agencies) await startNode(id);
  return fed;
}
