import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { connectBus, consumeInbox, consumerPending, inboxConsumerName } from '@mou-hub/bus';
import { openDatabase, migrate } from '@mou-hub/db';
import { followDirectory } from '@mou-hub/directory-client';
import { createCleanups, createLogger, createTokenIssuer, errorForLog, LoginLimiter, TrustedProxies, type Logger } from '@mou-hub/service-kit';
import { sql } from 'kysely';
import type { AgencyConfig } from './config.ts';
import { createApp } from './http/app.ts';
import type { ReadinessCheck } from './http/deps.ts';
import { directoryReadiness, registerDirectoryMetrics } from './platform/directory-health.ts';
import { LoadMonitor, loadReadiness } from './platform/load-monitor.ts';
import { createMetrics } from './metrics.ts';
import { AgencyKeys } from './platform/keys.ts';
import { InboxProcessor } from './messages/inbox-processor.ts';
import { OutboxRelay } from './messages/outbox-relay.ts';
import { attachmentFolder } from './attachments/files.ts';
import { AttachmentService } from './attachments/service.ts';
import { registerAttachmentMetrics } from './attachments/attachment-metrics.ts';
import { nodeAtRest } from './platform/at-rest.ts';
import { prepareDatabaseFiles } from './platform/data-files.ts';
import { migrations } from './platform/migrations.ts';
import { outboxDepth } from './messages/outbox-store.ts';
import { sealClearValues, SEALED_STATE } from './platform/seal-clear.ts';
import { sealedColumns } from './platform/sealed-columns.ts';
import type { AgencyDatabase } from './platform/schema.ts';
import { acceptedDirectory, recordAcceptedDirectory, storedDirectory } from './platform/directory-state.ts';
import { configuredUsers, syncUsers, tokenVersion } from './users/user-store.ts';
import { startEvidence, type NodeEvidence } from './evidence/evidence-node.ts';
import { evidenceLogMode, evidenceReadiness, registerEvidenceMetrics } from './evidence/evidence-mode.ts';

/** A running agency node. */
export interface AgencyNode {
  agency: string;
  /** Base URL of the HTTP API. */
  url: string;
  port: number;
  log: Logger;
  /** Stops HTTP, the consumer and the relay (letting in-flight work settle), then closes NATS and SQLite. */
  close(): Promise<void>;
}

/**
 * Starts one agency's node: database (migrated), keys, NATS, the signed directory, the outbox
 * relay, the inbox consumer and the HTTP API.
 * @example const node = await startAgencyNode(loadAgencyConfig('.data/agencies/th-msdhs/config.json'));
 */
export async function startAgencyNode(config: AgencyConfig): Promise<AgencyNode> {
  const agency = config.agency;
  const log = createLogger('agency', { agency });
  // Refuses to start with the evidence log off unless a benchmark says so in so many words.
  const evidenceMode = evidenceLogMode();
  const keys = new AgencyKeys(agency, config.keyFiles);
  const atRest = nodeAtRest(agency, config.keyFiles);

  prepareDatabaseFiles(config.database);
  const opened = openDatabase<AgencyDatabase>(config.database);
  const closeDb = opened.close;
  // A case's workflow state holds the bodies' person refs: sealed in the file, clear to the stores.
  const db = opened.db.withPlugin(sealedColumns(atRest, SEALED_STATE));
  await migrate(db, migrations);
  const sealedAtStart = await sealClearValues(db, atRest);
  if (sealedAtStart > 0) log.info({ values: sealedAtStart }, 'sealed values stored in clear by an older version');
  // Officers no longer configured are disabled, and changed ones lose their tokens, before anyone can log in.
  const users = await syncUsers(db, await configuredUsers(db, config.officers));
  if (users.disable.length > 0) log.info({ usernames: users.disable }, 'officers removed from the configuration: disabled, tokens ended');

  // What is open is closed in reverse order, on a failed start and on close(). Each step waits
  // for in-flight work, but not forever: with the broker gone (Ctrl-C reaches nats-server too)
  // a pull or a publish could wait out its whole timeout. Nothing is lost by cutting it short:
  // unacked messages are redelivered, queued rows stay queued.
  const cleanups = createCleanups(log);
  cleanups.add(() => closeDb());
  let evidence: NodeEvidence | undefined;
  try {
    const bus = await connectBus({ ...config.nats, name: `agency-${agency}` });
    cleanups.add(() => bus.close());
    // The highest version accepted before this start: an older one in KV is a rollback. Its
    // signed form is what the node starts on when the directory cannot be read (a post's link down).
    const floor = await acceptedDirectory(db);
    const stored = await storedDirectory(db);
    const follower = await followDirectory(bus, {
      rootKeys: config.rootKeys,
      log,
      ...(floor ? { floor } : {}),
      ...(stored ? { stored } : {}),
      onChange: (d, update) => {
        log.info({ version: d.version, kids: keys.reload() }, 'directory version in use; key files read');
        void recordAcceptedDirectory(db, update, new Date()).catch((err) => log.error({ err: String(err) }, 'cannot record the directory version'));
        void evidence?.directoryTaken(update);
      },
    });
    cleanups.add(() => within(1_000, follower.stop()));
    const directory = follower.current.bind(follower);
    // Each new head goes to the audit to be witnessed (its countersignature is kept for bundles), then to the counterparts.
    const started = startEvidence({
      agency, db, log, signer: (at) => keys.signerAt(directory(), at).signingKey(), ring: () => keys.ring(),
      bus, directory, mode: evidenceMode,
      ...(config.evidenceHeadIntervalMs === undefined ? {} : { intervalMs: config.evidenceHeadIntervalMs }),
    });
    evidence = started;
    cleanups.add(() => within(3_000, started.stop()));
    // The version in use enters the log before any envelope judged under it.
    await started.directoryTaken({ version: follower.current().version, jws: follower.jws() });
    const metrics = createMetrics(agency, db, () => bus);
    registerDirectoryMetrics(metrics.registry, () => follower.status(), config.limits.directoryMaxAgeMs);
    registerAttachmentMetrics(metrics.registry, bus, agency, directory);
    registerEvidenceMetrics(metrics.registry, evidenceMode);

    const relay = new OutboxRelay({ agency, db, bus, keys, directory, log, metrics, atRest });
    const wakeRelay = relay.wake.bind(relay);
    const files = new AttachmentService({
      agency, db, bus, keys, directory, atRest, log, dir: attachmentFolder(config.database), onUploaded: wakeRelay,
      maxBytes: config.limits.maxAttachmentBytes,
    });
    const inbox = new InboxProcessor({
      agency,
      db,
      keys,
      directory,
      log,
      metrics,
      onQueued: () => (wakeRelay(), files.wake()),
      maxEnvelopeBytes: config.limits.maxEnvelopeBytes,
      skewMs: config.limits.skewMs,
      maxLagMs: config.limits.maxLagMs,
      atRest,
    });
    files.start();
    cleanups.add(() => within(3_000, files.stop()));
    relay.start();
    cleanups.add(() => within(3_000, relay.stop()));
    // Started on its stored directory, the node judges nothing that arrives before it read the
    // directory again: a key revoked while the link was down is honoured.
    const consumer = consumeInbox(bus, agency, async (d) => (await follower.read(), inbox.handle(d)), {
      // Up to 64 messages in hand at once: checked in order, committed together, then acked.
      inFlight: 64,
      onError: (err) => log.warn({ err: errorForLog(err) }, 'inbox consumer'),
    });
    cleanups.add(() => within(3_000, consumer.stop()));

    // Measured every half second; past the limits the API answers 503 at once (issue 7, item 8).
    const load = new LoadMonitor(config.limits.overload, () => outboxDepth(db));
    load.start();
    cleanups.add(async () => load.stop());
    const readiness = async (): Promise<Record<string, ReadinessCheck>> => {
      const dbOk = await sql`select 1 as one`.execute(db).then(() => true, () => false);
      const dir = follower.status();
      return {
        database: { ok: dbOk, detail: dbOk ? 'open' : 'not answering' },
        nats: { ok: bus.isConnected(), detail: bus.isConnected() ? 'connected' : 'not connected' },
        consumer: { ok: consumer.running(), detail: consumer.running() ? 'running' : 'stopped' },
        // A backlog with nothing handled for a minute: the consumer stopped draining (issue 17).
        inbox: inbox.readiness(await consumerPending(bus, inboxConsumerName(agency)).catch(() => undefined)),
        relay: { ok: relay.isRunning(), detail: relay.isRunning() ? 'running' : 'stopped' },
        directory: directoryReadiness(dir, new Date(), config.limits.directoryMaxAgeMs),
        load: loadReadiness(load),
        evidence: evidenceReadiness(evidenceMode),
      };
    };

    const secret = config.tokenSecret ? Buffer.from(config.tokenSecret, 'base64url') : randomBytes(32);
    const app = createApp({
      agency,
      db,
      atRest,
      tokens: createTokenIssuer({ secret, issuer: agency, ttlSeconds: 8 * 3600, sessions: { current: (sub) => tokenVersion(db, sub) } }),
      loginLimiter: new LoginLimiter(config.limits.login),
      proxies: new TrustedProxies(config.trustedProxies),
      secureCookies: config.secureCookies,
      directory,
      wakeRelay,
      metrics,
      log,
      maxRequestBytes: config.limits.maxRequestBytes,
      readiness,
      overload: () => load.current(),
      maxInFlight: () => load.inFlightLimit(),
      admitWrite: () => load.admitWrite(),
      writeRate: () => load.writeRate(),
      attachments: files,
      evidence: started,
    });
    // A port already taken fails the start (and closes what is open) instead of hanging it.
    const listening = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: config.http.host, port: config.http.port }, () => resolve(s));
      s.once('error', reject);
    });
    cleanups.add(() => new Promise<void>((resolve) => listening.close(() => resolve())));
    const port = (listening.address() as AddressInfo).port;
    const url = `http://${config.http.host}:${port}`;
    log.info({ url }, 'agency node started');

    return {
      agency,
      url,
      port,
      log,
      async close() {
        await cleanups.closeAll();
        log.info('agency node stopped');
      },
    };
  } catch (err) {
    await cleanups.closeAll();
    throw err;
  }
}

/** Waits for `work`, or `ms` at most. */
function within(ms: number, work: Promise<unknown> | undefined): Promise<unknown> {
  return Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}
