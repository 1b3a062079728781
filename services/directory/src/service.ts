import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { connectBus } from '@mou-hub/bus';
import { migrate, openDatabase } from '@mou-hub/db';
import { followDirectory } from '@mou-hub/directory-client';
import { createCleanups, createLogger, createTokenIssuer, LoginLimiter, loginHashes, MemorySessionVersions, TrustedProxies, type Logger } from '@mou-hub/service-kit';
import { parseConfig, type DirectoryConfigInput } from './config.ts';
import { directoryCore } from './core.ts';
import { reissueDue } from './domain/change.ts';
import { directoryApp } from './http/app.ts';
import { directoryPublisher } from './publish.ts';
import { CERTIFICATE_WARN_DAYS, checkSigning } from './signing.ts';
import { migrations, versionStore, type DirectoryDb } from './store/index.ts';

/** A running directory service. */
export interface DirectoryService {
  /** `http://<host>:<port>`, without a trailing slash. */
  readonly url: string;
  /** The version published when it started. */
  readonly version: number;
  /** Stops HTTP, the KV watch, NATS and the database, in that order. */
  close(): Promise<void>;
}

/**
 * Starts the directory service: opens the history, connects to NATS, publishes the seed the
 * first time (or checks what KV holds against the pinned root keys), follows KV so versions
 * published by another directory process are recorded, and serves HTTP.
 *
 * @example
 * const directory = await startDirectoryService({
 *   nats: { servers: nats.url }, database: ':memory:', signingKey, signingCertificate, rootKeys: [publicJwk(root)],
 *   tokenSecret, admins: [{ username: 'admin', password: 'correct horse' }], seed,
 * });
 * await fetch(`${directory.url}/directory`);
 */
export async function startDirectoryService(input: DirectoryConfigInput, log: Logger = createLogger('directory')): Promise<DirectoryService> {
  const config = parseConfig(input);
  const { rootKeys } = config;
  const signing = await checkSigning(config.signingKey, config.signingCertificate, rootKeys, new Date());
  if (signing.daysLeft < CERTIFICATE_WARN_DAYS) {
    log.warn({ notAfter: signing.certificate.notAfter, daysLeft: signing.daysLeft }, 'the signing key certificate ends soon: renew it with mou root certify');
  }
  const admins = await loginHashes(config.admins);

  const database = openDatabase<DirectoryDb>(config.database);
  const cleanups = createCleanups(log);
  cleanups.add(() => database.close());
  const closeAll = () => cleanups.closeAll();
  try {
    await migrate(database.db, migrations);
    const store = versionStore(database.db);
    const { servers, user, pass, inboxPrefix } = config.nats;
    const bus = await connectBus({ servers, user, pass, name: 'mou-directory', ...(inboxPrefix ? { inboxPrefix } : {}) });
    cleanups.add(() => bus.close());
    const publisher = await directoryPublisher(bus, config.nats.replicas ? { replicas: config.nats.replicas } : {});
    const core = directoryCore({ store, publisher, signingKey: config.signingKey, signingCertificate: config.signingCertificate, rootKeys });
    const started = await core.initialize(config.seed);

    const follower = await followDirectory(bus, {
      rootKeys,
      log,
      onChange: (_d, update) => void core.remember(update.jws).catch((err) => log.error({ err: String(err) }, 'cannot record version')),
    });
    cleanups.add(() => follower.stop());

    // A quiet directory is re-issued, so nodes can tell "unchanged" from "no longer followed"
    // (they warn past their max age). Another process re-issuing first is a conflict: harmless.
    const reissue = async () => {
      if (!reissueDue((await core.latest()).issued, new Date(), config.reissueEveryMs)) return;
      const r = await core.change({ kind: 'reissue' }, 'directory');
      if (r.ok) log.info({ version: r.value.version }, 'directory re-issued unchanged');
    };
    const reissueTimer = setInterval(
      () => void reissue().catch((err) => log.warn({ err: String(err) }, 'directory re-issue failed')),
      Math.min(config.reissueEveryMs / 4, 600_000),
    );
    reissueTimer.unref();
    cleanups.add(async () => clearInterval(reissueTimer));

    // Token versions start at this start: a restart ends every admin token, a logout one admin's.
    const versions = new MemorySessionVersions(admins.map((a) => a.username));
    const app = directoryApp({
      core,
      store,
      tokens: createTokenIssuer({ secret: new TextEncoder().encode(config.tokenSecret), issuer: 'mou-directory', ttlSeconds: config.tokenTtlSeconds, sessions: versions }),
      versions,
      limiter: new LoginLimiter(config.loginLimits),
      proxies: new TrustedProxies(config.trustedProxies),
      tokenTtlSeconds: config.tokenTtlSeconds,
      admins,
      cacheMaxAgeSeconds: config.cacheMaxAgeSeconds,
      maxRequestBytes: config.maxRequestBytes,
      natsConnected: () => bus.isConnected(),
      log,
    });
    const { host, port } = config.http;
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
      s.once('error', reject);
    });
    cleanups.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    log.info({ url, version: started.version }, 'directory service started');
    return { url, version: started.version, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
