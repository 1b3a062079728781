import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectBus, ensureAttachmentStreams, ensureAuditConsumer, ensureInboxConsumer, ensureStream, type Bus } from '@mou-hub/bus';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { brokerSenders } from '../nats-accounts.ts';
import { connectAs, counterpartsOf } from '../nats-auth.ts';
import { moveStreamsToHubAccount } from '../nats-store.ts';
import { spawnAgencyNode, type NodeProcess } from './agency-process.ts';
import { currentServiceBundle, type ServiceName } from './node-bundle.ts';
import { auditServiceConfig, directoryServiceConfig } from './service-configs.ts';
import { jsonField, spawnService, startAgain, type ServiceProcess } from './service-process.ts';
import type { FederationFile } from './federation-file.ts';
import { hashedLogins, prepareFederation, writeAgencyConfig, type PreparedAgency, type PreparedFederation } from './prepare.ts';

/** What `launchFederation` starts, and where. */
export interface LaunchOptions {
  /** Where keys, secrets, databases and the NATS store live (`.data/`). */
  dataDir: string;
  file: FederationFile;
  /** Start over: delete `dataDir` first. */
  fresh?: boolean;
  /** Use this NATS server instead of starting one (its permissions are then the operator's). */
  natsUrl?: string;
  /** Paths in `federation.json` are written relative to this folder (the repository root). */
  root: string;
  say?: (line: string) => void;
  /**
   * Run these prebuilt bundles (a deployed copy's, `<copy>/services/<name>/.build/main.mjs`)
   * instead of building the checkout's; each process then runs with that copy as its working
   * folder (the bundle's folder's third parent).
   */
  bundles?: Record<ServiceName, string>;
}

/** A running local federation. */
export interface Federation {
  prepared: PreparedFederation;
  natsUrl: string;
  directoryUrl: string;
  agencies: { id: string; url: string; pid: number }[];
  /** The audit service's URL (its dashboard is at `/dashboard`). */
  auditUrl: string;
  /** Stops the nodes, the directory and audit services and the NATS server this launch started. */
  stop(): Promise<void>;
}

/**
 * Brings up the local federation: NATS with per-agency users and permissions generated from the
 * directory, the stream and consumers, the directory service, and one agency node process per
 * agency; then writes `<dataDir>/federation.json` for scripts and tests. It keeps them up: a
 * node or a nats-server that dies is started again on the same data.
 */
export async function launchFederation(opts: LaunchOptions): Promise<Federation> {
  const say = opts.say ?? (() => {});
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  // Built while NATS starts (pnpm build's bundles); a service whose bundle fails runs through tsx.
  const given = opts.bundles;
  const bundles = new Map<ServiceName, Promise<string | undefined>>(
    (['agency', 'directory', 'audit'] as const).map((s) => [s, given ? Promise.resolve(given[s]) : currentServiceBundle(s).catch(() => undefined)]),
  );
  // A deployed copy's processes run from the copy (services/<name>/.build/main.mjs → its root).
  const cwd = given ? { cwd: dirname(dirname(dirname(dirname(given.agency)))) } : {};
  const bundle = bundles.get('agency')!;
  const prepared = await prepareFederation(opts.dataDir, opts.file);
  const external = opts.natsUrl;

  let nats: NatsServer | undefined;
  let admin: Bus | undefined;
  // The directory and the audit, each in its own process like the nodes, started again if they die.
  const services = new Map<'directory' | 'audit', ServiceProcess>();
  const nodes = new Map<string, NodeProcess>();
  let stopping = false;
  let watchNats: NodeJS.Timeout | undefined;
  const stop = async () => {
    stopping = true;
    clearInterval(watchNats);
    await Promise.all([...nodes.values()].map((n) => n.kill('SIGTERM')));
    await services.get('audit')?.kill('SIGTERM');
    await services.get('directory')?.kill('SIGTERM');
    await admin?.close();
    await nats?.stop();
  };
  try {
    writeFileSync(join(opts.dataDir, 'nats-authorization.conf'), `${prepared.natsAuthorization}\n`, { mode: 0o600 });
    if (!external) {
      if (moveStreamsToHubAccount(join(opts.dataDir, 'nats'))) say('NATS data of an older layout moved to account HUB (per-sender accounts)');
      nats = await startNats({ config: prepared.natsAuthorization, storeDir: join(opts.dataDir, 'nats'), name: 'mou-hub' });
    }
    const natsUrl = external ?? nats!.url;
    say(external ? `using NATS at ${natsUrl}` : `nats-server started at ${natsUrl} (pid ${nats!.pid}), data in ${relative(opts.root, join(opts.dataDir, 'nats'))}`);
    // An outside server's users are the operator's: connect to it without ours.
    const users = external ? undefined : prepared.natsUsers;
    const readyLine = (line: string) => jsonField(line, (e) => (e['ready'] === true ? e['url'] : undefined));
    const logFile = (path: string) => {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      return createWriteStream(path, { flags: 'a', mode: 0o600 });
    };
    // The bundle when it built, else the sources through tsx.
    const serviceArgs = async (s: ServiceName): Promise<string[]> => {
      const built = await bundles.get(s);
      return built ? [built] : ['--import', 'tsx', fileURLToPath(new URL(`../../../services/${s}/src/main.ts`, import.meta.url))];
    };
    // A service that dies (killed, crashed) is started again after a second, on its own data.
    const supervise = async (name: 'directory' | 'audit', start: () => Promise<ServiceProcess>): Promise<ServiceProcess> => {
      const p = await startAgain(name, start, say);
      services.set(name, p);
      void p.exited.then(async (how) => {
        if (stopping) return;
        say(`${name}: exited (${how}); starting it again`);
        await new Promise((r) => setTimeout(r, 1_000));
        if (stopping) return;
        await supervise(name, start).then(
          (back) => {
            writeFacts();
            say(`${name}: back at ${back.url}`);
          },
          (err: unknown) => say(`${name}: could not start again: ${String(err)}`),
        );
      });
      return p;
    };

    admin = await connectBus({ servers: natsUrl, ...connectAs(users?.admin), name: 'mou-hub-launcher' });
    // Our server has the per-sender accounts; an outside one without users maps `mou.v1.out` itself.
    await ensureStream(admin, external ? {} : { senders: brokerSenders(prepared.seed) });
    for (const a of prepared.agencies) await ensureInboxConsumer(admin, a.id);
    // One attachment stream per pair: each sender's quota at each recipient.
    for (const a of prepared.agencies) await ensureAttachmentStreams(admin, a.id, counterpartsOf(prepared.seed, a.id));
    await ensureAuditConsumer(admin);

    // A service's configuration travels in the environment: no file holds the directory's
    // signing key or the audit's witness key beside its data.
    const starter = (name: 'directory' | 'audit', config: unknown, envKey: string) => async () =>
      spawnService({
        label: `${name} service`,
        args: await serviceArgs(name),
        env: { [envKey]: JSON.stringify(config) },
        readyUrl: readyLine,
        logTo: logFile(join(opts.dataDir, name, `${name}.log`)),
        timeoutMs: 60_000,
        ...cwd,
      });
    const directoryConfig = directoryServiceConfig(prepared, { servers: natsUrl, ...connectAs(users?.directory, 'directory') });
    // The audit reads every envelope through its durable consumer, with its own NATS user.
    const auditConfig = auditServiceConfig(prepared, { servers: natsUrl, ...connectAs(users?.audit, 'audit') });
    // The directory, the audit and the nodes' configurations (their officers' password hashes)
    // side by side: each waits on its own process or on scrypt's threads, not on the others.
    const [directory, audit] = await Promise.all([
      (async () => supervise('directory', starter('directory', { ...directoryConfig, admins: await hashedLogins(directoryConfig.admins) }, 'DIRECTORY_CONFIG_JSON')))(),
      (async () => supervise('audit', starter('audit', { ...auditConfig, auditors: await hashedLogins(auditConfig.auditors) }, 'AUDIT_CONFIG_JSON')))(),
      (async () => {
        for (const a of prepared.agencies) {
          await writeAgencyConfig(prepared, a, natsUrl, external ? { anonymous: true } : {});
          mkdirSync(join(opts.dataDir, 'agencies', a.id), { recursive: true, mode: 0o700 });
        }
      })(),
    ]);
    say(`directory service at ${directory.url} (pid ${directory.pid})`);
    say(`audit service at ${audit.url}/dashboard   (auditor: ${prepared.audit.auditor.username} / ${prepared.audit.auditor.password})`);
    const rel = (p: string) => relative(opts.root, p);
    const writeFacts = () => {
      const facts = {
        nats: { url: natsUrl, ...(nats ? { pid: nats.pid } : {}) },
        directory: { httpUrl: services.get('directory')?.url, pid: services.get('directory')?.pid, admin: prepared.directory.admin, rootKey: rel(prepared.rootPublicPath) },
        audit: { httpUrl: services.get('audit')?.url, pid: services.get('audit')?.pid, officer: prepared.audit.auditor },
        agencies: Object.fromEntries(
          prepared.agencies.map((a) => [
            a.id,
            {
              httpUrl: nodes.get(a.id)?.url,
              pid: nodes.get(a.id)?.pid,
              nats: { user: a.nats.user, password: a.nats.password },
              officer: { username: a.officer.username, password: a.officer.password },
              supervisor: a.supervisor,
              admin: a.admin,
              translators: a.translators,
              keys: { sig: rel(a.keys.sig), enc: rel(a.keys.enc) },
            },
          ]),
        ),
      };
      writeFileSync(join(opts.dataDir, 'federation.json'), `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
    };

    // A node that dies (killed, crashed) is started again after a second, on its own data.
    const startNode = async (a: PreparedAgency): Promise<void> => {
      const logTo = createWriteStream(join(opts.dataDir, 'agencies', a.id, 'node.log'), { flags: 'a', mode: 0o600 });
      const node = await startAgain(a.id, async () => spawnAgencyNode(a.configPath, { logTo, timeoutMs: 60_000, bundle: await bundle, ...cwd }), say);
      nodes.set(a.id, node);
      void node.exited.then(async (how) => {
        if (stopping) return;
        say(`${a.id}: node exited (${how}); starting it again`);
        await new Promise((r) => setTimeout(r, 1_000));
        if (stopping) return;
        await startNode(a).then(
          () => {
            writeFacts();
            say(`${a.id}: node is back at ${nodes.get(a.id)?.url}`);
          },
          (err: unknown) => say(`${a.id}: could not start again: ${String(err)}`),
        );
      });
    };
    await Promise.all(prepared.agencies.map(startNode));
    writeFacts();

    // So does nats-server: same port, same data; the nodes reconnect by themselves.
    let restarting = false;
    watchNats = setInterval(() => {
      if (stopping || restarting || !nats || nats.running()) return;
      restarting = true;
      say('nats-server exited; starting it again on the same port with the same data');
      nats.restart().then(
        () => {
          writeFacts();
          say(`nats-server is back (pid ${nats!.pid})`);
        },
        (err: unknown) => say(`nats-server could not start again: ${String(err)}`),
      ).finally(() => (restarting = false));
    }, 1_000);
    watchNats.unref();

    const agencies = prepared.agencies.map((a) => ({ id: a.id, url: nodes.get(a.id)!.url, pid: nodes.get(a.id)!.pid }));
    return { prepared, natsUrl, directoryUrl: directory.url, auditUrl: audit.url, agencies, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
