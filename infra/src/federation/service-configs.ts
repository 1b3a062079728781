import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedFederation } from './prepare.ts';

/** The NATS entries of a service's configuration: servers and, under generated users, its credentials. */
export interface NatsEntries {
  servers: string | string[];
  user?: string;
  pass?: string;
  inboxPrefix?: string;
}

/**
 * The directory service's configuration from a prepared federation (its signing key and
 * certificate, the pinned root, version 1): what `pnpm start` and the production shape hand it
 * through the environment.
 */
export function directoryServiceConfig(p: PreparedFederation, nats: NatsEntries, port = p.directory.httpPort) {
  return {
    http: { host: p.host, port },
    nats,
    database: p.directory.database,
    signingKey: p.directorySigning.key,
    signingCertificate: p.directorySigning.certificate,
    rootKeys: [p.rootPublic],
    tokenSecret: p.directory.tokenSecret,
    admins: [p.directory.admin],
    seed: p.seed,
  };
}

/** The audit service's configuration from a prepared federation (plain http on loopback: no Secure cookie). */
export function auditServiceConfig(p: PreparedFederation, nats: NatsEntries, port = p.audit.httpPort) {
  return {
    http: { host: p.host, port },
    nats,
    database: p.audit.database,
    rootKeys: [p.rootPublic],
    tokenSecret: p.audit.tokenSecret,
    auditors: [p.audit.auditor],
    // The local federation serves plain http on loopback: a Secure cookie would never come back.
    secureCookies: false,
    // The Secretariat witnesses the nodes' evidence logs with its directory signing key (issue 19).
    ...witnessKey(p),
  };
}

/** la-secretariat's signing key, as prepareFederation wrote it, when there is one. */
function witnessKey(p: PreparedFederation): { witnessKey?: unknown } {
  const path = join(p.dataDir, 'keys', 'la-secretariat.sig.jwk.json');
  return existsSync(path) ? { witnessKey: JSON.parse(readFileSync(path, 'utf8')) as unknown } : {};
}
