import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connectBus, ensureAuditConsumer, ensureInboxConsumer, ensureStream, type Bus } from '@mou-hub/bus';
import { startDirectoryService, type DirectoryService } from '@mou-hub/directory';
import { createLogger } from '@mou-hub/service-kit';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { inboxPrefixFor } from '../nats-auth.ts';
import { spawnAgencyNode, type NodeProcess } from './agency-process.ts';
import type { FederationFile } from './federation-file.ts';
import { prepareFederation, writeAgencyConfig, type PreparedFederation } from './prepare.ts';

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
}

export interface Federation {
  prepared: PreparedFederation;
  natsUrl: string;
  directoryUrl: string;
  agencies: { id: string; url: string; pid: number }[];
  /** Stops the nodes, the directory service and the NATS server this launch started. */
  stop(): Promise<void>;
}

/**
 * Brings up the local federation: NATS with per-agency users and permissions generated from the
 * directory, the stream and consumers, the directory service, and one agency node process per
 * agency; then writes `<dataDir>/federation.json` for scripts and tests.
 */
export async function launchFederation(opts: LaunchOptions): Promise<Federation> {
  const say = opts.say ?? (() => {});
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });
  const prepared = await prepareFederation(opts.dataDir, opts.file);
  const external = opts.natsUrl;

  let nats: NatsServer | undefined;
  let admin: Bus | undefined;
  let directory: DirectoryService | undefined;
  const nodes: NodeProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
    await directory?.close();
    await admin?.close();
    await nats?.stop();
  };
  try {
    if (!external) {
      nats = await startNats({ config: prepared.natsAuthorization, storeDir: join(opts.dataDir, 'nats'), name: 'mou-hub' });
      writeFileSync(join(opts.dataDir, 'nats-authorization.conf'), `${prepared.natsAuthorization}\n`, { mode: 0o600 });
    }
    const natsUrl = external ?? nats!.url;
    say(external ? `using NATS at ${natsUrl}` : `nats-server started at ${natsUrl} (pid ${nats!.pid}), data in ${relative(opts.root, join(opts.dataDir, 'nats'))}`);
    const creds = (c: { user: string; password: string }, name?: string) =>
      external ? {} : { user: c.user, pass: c.password, ...(name ? { inboxPrefix: inboxPrefixFor(name) } : {}) };

    admin = await connectBus({ servers: natsUrl, ...creds(prepared.natsUsers.admin), name: 'mou-hub-launcher' });
    await ensureStream(admin);
    for (const a of prepared.agencies) await ensureInboxConsumer(admin, a.id);
    await ensureAuditConsumer(admin);

    directory = await startDirectoryService({
      http: { host: prepared.host, port: prepared.directory.httpPort },
      nats: { servers: natsUrl, ...creds(prepared.natsUsers.directory, 'directory') },
      database: prepared.directory.database,
      rootPrivateJwk: prepared.rootKey,
      tokenSecret: prepared.directory.tokenSecret,
      admins: [prepared.directory.admin],
      seed: prepared.seed,
    }, createLogger('directory', {}, join(opts.dataDir, 'directory', 'directory.log')));
    say(`directory service at ${directory.url} (version ${directory.version})`);

    for (const a of prepared.agencies) {
      await writeAgencyConfig(prepared, a, natsUrl, external ? { anonymous: true } : {});
      mkdirSync(join(opts.dataDir, 'agencies', a.id), { recursive: true });
    }
    const started = await Promise.all(
      prepared.agencies.map(async (a) => {
        const logTo = createWriteStream(join(opts.dataDir, 'agencies', a.id, 'node.log'), { flags: 'a' });
        const node = await spawnAgencyNode(a.configPath, { logTo, timeoutMs: 60_000 });
        nodes.push(node);
        return { id: a.id, url: node.url, pid: node.pid };
      }),
    );

    const rel = (p: string) => relative(opts.root, p);
    const facts = {
      nats: { url: natsUrl },
      directory: { httpUrl: directory.url, admin: prepared.directory.admin },
      agencies: Object.fromEntries(
        prepared.agencies.map((a) => [
          a.id,
          {
            httpUrl: started.find((s) => s.id === a.id)!.url,
            nats: { user: a.nats.user, password: a.nats.password },
            officer: { username: a.officer.username, password: a.officer.password },
            keys: { sig: rel(a.keys.sig), enc: rel(a.keys.enc) },
          },
        ]),
      ),
    };
    writeFileSync(join(opts.dataDir, 'federation.json'), `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
    return { prepared, natsUrl, directoryUrl: directory.url, agencies: started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
