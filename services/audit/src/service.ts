import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { connectBus, consumeDurable } from '@mou-hub/bus';
import { migrate, openDatabase } from '@mou-hub/db';
import { followDirectory } from '@mou-hub/directory-client';
import { createCleanups, createLogger, createTokenIssuer, loginHashes, MemorySessionVersions, type Logger } from '@mou-hub/service-kit';
import { auditLogin } from './http/auth-routes.ts';
import { parseAuditConfig, type AuditConfigInput } from './config.ts';
import { auditApp } from './http/app.ts';
import { auditFigures } from './http/ops.ts';
import { auditHandler } from './ingest/ingest.ts';
import { startCellRefresh } from './ingest/cell-refresh.ts';
import { migrations } from './store/migrations.ts';
import { startWitness } from './witness/witness-service.ts';
import { agencyOfKid, createKeyRing } from '@mou-hub/protocol';
import type { AuditDb } from './store/schema.ts';

/** A running audit service. */
export interface AuditService {
  /** `http://<host>:<port>`, without a trailing slash. */
  readonly url: string;
  /** Stops HTTP, the consumer, the directory watch, NATS and the database, in that order. */
  close(): Promise<void>;
}

const MINUTE = 60_000;

/**
 * Starts the audit service: opens its database, follows the signed directory (pinned root
 * keys), consumes every envelope through its durable consumer (verify, record metadata,
 * recompute the case), and serves the reports and the dashboard.
 *
 * @example
 * const audit = await startAuditService({
 *   nats: { servers: nats.url, user: 'audit', pass, inboxPrefix: '_INBOX_audit' },
 *   database: '.data/audit/audit.db', rootKeys: [root], tokenSecret,
 *   auditors: [{ username: 'auditor', password: 'correct horse' }],
 * });
 */
export async function startAuditService(input: AuditConfigInput, log: Logger = createLogger('audit')): Promise<AuditService> {
  const config = parseAuditConfig(input);
  const auditors = await loginHashes(config.auditors);
  const database = openDatabase<AuditDb>(config.database);
  const cleanups = createCleanups(log);
  cleanups.add(() => database.close());
  const closeAll = () => cleanups.closeAll();
  try {
    await migrate(database.db, migrations);
    const { servers, user, pass, inboxPrefix, durable } = config.nats;
    const bus = await connectBus({ servers, user, pass, name: 'mou-audit', ...(inboxPrefix ? { inboxPrefix } : {}) });
    cleanups.add(() => bus.close());
    const follower = await followDirectory(bus, { rootKeys: config.rootKeys, log });
    cleanups.add(() => follower.stop());
    const consumer = consumeDurable(
      bus,
      durable,
      auditHandler({ db: database.db, directory: () => follower.current(), skewLimitMs: config.skewLimitMinutes * MINUTE, log }),
      // A burst is verified side by side and recorded in one transaction (auditHandler). Eight,
      // not 64 as a node's inbox: 64 concurrent verifications held the thread pool long enough
      // to double a co-located node's latency (test/e2e/hostile.test.ts, 2.4 s → 5 s), while 8
      // already commit eight envelopes per fsync under load.
      { inFlight: 8, onError: (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'audit consumer') },
    );
    cleanups.add(() => consumer.stop());
    const cells = startCellRefresh(database.db, log);
    cleanups.add(() => cells.stop());
    if (config.witnessKey) {
      const signer = await createKeyRing([config.witnessKey]).signingKey();
      const witness = startWitness({ db: database.db, bus, directory: () => follower.current(), witness: { agency: agencyOfKid(signer.kid), signer }, log });
      cleanups.add(() => witness.stop());
    }

    // Token versions start at this start: a restart ends every auditor's token, a logout one auditor's.
    const versions = new MemorySessionVersions(auditors.map((a) => a.username));
    const tokens = createTokenIssuer({ secret: new TextEncoder().encode(config.tokenSecret), issuer: 'mou-audit', ttlSeconds: config.tokenTtlSeconds, sessions: versions });
    const login = auditLogin({ tokens, versions, auditors, limits: config.loginLimits, trustedProxies: config.trustedProxies, secureCookies: config.secureCookies, log });
    const app = auditApp({
      db: database.db,
      directory: () => follower.current(),
      tokens,
      tokenTtlSeconds: config.tokenTtlSeconds,
      login,
      reconcileAfterMs: config.reconcileAfterMinutes * MINUTE,
      k: config.kAnonymity,
      health: () => ({ nats: bus.isConnected(), consuming: consumer.running(), directoryVersion: follower.status().version }),
      figures: auditFigures(bus, durable, () => follower.current()?.snapshot.agencies.map((a) => a.id) ?? []),
      log,
    });
    const { host, port } = config.http;
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
      s.once('error', reject);
    });
    cleanups.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
    log.info({ url }, 'audit service started');
    return { url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
