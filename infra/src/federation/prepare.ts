import { join } from 'node:path';
import { DEFAULT_PASSWORD_COST, hashPassword, passwordCost, type PasswordCost } from '@mou-hub/service-kit';
import { publicJwk, type DirectorySnapshot, type PrivateJwk, type PublicJwk } from '@mou-hub/protocol';
import { SEED_AGENCY_IDS, seedSnapshot } from '../../seed/index.ts';
import { natsAuthorization, inboxPrefixFor, type NatsCredentials, type NatsUsers } from '../nats-auth.ts';
import type { FederationFile } from './federation-file.ts';
import {
  loadOrCreateAgencyKeys,
  loadOrCreateDirectorySigning,
  loadOrCreateJson,
  loadOrCreateRootKey,
  newPassword,
  newSecret,
  writeJsonSecret,
} from './secrets.ts';

/** Username of each agency's supervisor login. */
export const SUPERVISOR_USERNAME = 'supervisor';
/** Username of each agency's administrator login (users, quarantine; issue 11). */
export const ADMIN_USERNAME = 'admin';
/** Usernames of each agency's two translators: one translates, the other reviews (issue 9). */
export const TRANSLATOR_USERNAMES = ['translator1', 'translator2'] as const;

/** Everything one agency node of the federation needs, on disk under `<dataDir>/agencies/<id>/`. */
export interface PreparedAgency {
  id: string;
  officer: { username: string; password: string; roles: string[] };
  /** The agency's supervisor: reads the access log (issue 8). */
  supervisor: { username: string; password: string };
  /** The agency's administrator: the console's user administration and quarantine (issue 11). */
  admin: { username: string; password: string };
  /** The agency's two translators (role `translator`; issue 9). */
  translators: { username: string; password: string }[];
  nats: NatsCredentials & { inboxPrefix: string };
  keys: { sig: string; enc: string };
  tokenSecret: string;
  database: string;
  configPath: string;
  httpPort: number;
}

/** Everything the federation needs on disk: keys, passwords, seed directory, broker users. */
export interface PreparedFederation {
  dataDir: string;
  host: string;
  rootKey: PrivateJwk;
  rootKeyPath: string;
  rootPublic: PublicJwk;
  /** `<dataDir>/directory/root.pub.jwk`: the root's public half, all a verifier needs (issue 19). */
  rootPublicPath: string;
  /** The directory service's online signing key and its certificate from the root. */
  directorySigning: { key: PrivateJwk; certificate: string };
  /** Version 1 of the directory, made once and kept: later versions are the directory service's. */
  seed: DirectorySnapshot;
  natsUsers: NatsUsers;
  /** The nats.conf `authorization` block generated from the seed directory. */
  natsAuthorization: string;
  agencies: PreparedAgency[];
  directory: { httpPort: number; database: string; tokenSecret: string; admin: { username: string; password: string } };
  /** The audit service, under `<dataDir>/audit/`, on the port after the last agency's. */
  audit: { httpPort: number; database: string; tokenSecret: string; auditor: { username: string; password: string } };
}

interface Secrets {
  nats: Record<string, string>;
  officers: Record<string, string>;
  tokens: Record<string, string>;
}

/**
 * Makes (first run) or reloads (later runs) the federation's keys, passwords, seed directory
 * and broker permissions under `dataDir`. `keysNotBefore`: the start of the agencies' keys'
 * period in a new seed (default: its `issued`), as after a key ceremony held earlier. Nothing is regenerated that exists: a second run
 * keeps every key, so messages and receipts from earlier runs still verify.
 */
export async function prepareFederation(dataDir: string, file: FederationFile, opts: { keysNotBefore?: string } = {}): Promise<PreparedFederation> {
  const secretsPath = join(dataDir, 'secrets.json');
  const secrets = loadOrCreateJson<Secrets>(secretsPath, () => ({ nats: {}, officers: {}, tokens: {} }));
  const secret = (group: keyof Secrets, name: string, make: () => string): string => (secrets[group][name] ??= make());

  const keyDir = join(dataDir, 'keys');
  const keys = new Map<string, { sig: PrivateJwk; enc: PrivateJwk; sigPath: string; encPath: string }>();
  const ids = [...new Set([...SEED_AGENCY_IDS, ...file.agencies.map((a) => a.id)])];
  for (const id of ids) keys.set(id, await loadOrCreateAgencyKeys(keyDir, id));
  const root = await loadOrCreateRootKey(keyDir);
  const rootPublic = publicJwk(root.key);
  const rootPublicPath = join(dataDir, 'directory', 'root.pub.jwk');
  writeJsonSecret(rootPublicPath, rootPublic);
  const directorySigning = await loadOrCreateDirectorySigning(keyDir, root.key);

  const seed = loadOrCreateJson<DirectorySnapshot>(join(dataDir, 'directory-seed.json'), () =>
    seedSnapshot({
      keys: Object.fromEntries([...keys].map(([id, k]) => [id, { sig: publicJwk(k.sig), enc: publicJwk(k.enc) }])),
      rootKeys: [rootPublic],
      issued: new Date().toISOString(),
      ...(opts.keysNotBefore ? { keysNotBefore: opts.keysNotBefore } : {}),
    }),
  );

  const creds = (name: string): NatsCredentials => ({ user: name, password: secret('nats', name, newSecret) });
  const natsUsers: NatsUsers = {
    agencies: Object.fromEntries(file.agencies.map((a) => [a.id, creds(a.id)])),
    directory: creds('directory'),
    audit: creds('audit'),
    admin: creds('admin'),
  };

  const port = (i: number): number => (file.http.basePort === 0 ? 0 : file.http.basePort + i);
  const agencies: PreparedAgency[] = file.agencies.map((a, i) => {
    const k = keys.get(a.id)!;
    const dir = join(dataDir, 'agencies', a.id);
    return {
      id: a.id,
      officer: { username: a.officer, password: secret('officers', a.id, newPassword), roles: a.roles },
      supervisor: { username: SUPERVISOR_USERNAME, password: secret('officers', `${a.id}:supervisor`, newPassword) },
      admin: { username: ADMIN_USERNAME, password: secret('officers', `${a.id}:admin`, newPassword) },
      translators: TRANSLATOR_USERNAMES.map((username) => ({ username, password: secret('officers', `${a.id}:${username}`, newPassword) })),
      nats: { ...natsUsers.agencies[a.id]!, inboxPrefix: inboxPrefixFor(a.id) },
      keys: { sig: k.sigPath, enc: k.encPath },
      tokenSecret: secret('tokens', a.id, newSecret),
      database: join(dir, 'agency.db'),
      configPath: join(dir, 'config.json'),
      httpPort: port(i + 1),
    };
  });
  const directory = {
    httpPort: port(0),
    database: join(dataDir, 'directory', 'directory.db'),
    tokenSecret: secret('tokens', 'directory', newSecret),
    admin: { username: 'admin', password: secret('officers', 'directory-admin', newPassword) },
  };
  const audit = {
    httpPort: port(file.agencies.length + 1),
    database: join(dataDir, 'audit', 'audit.db'),
    tokenSecret: secret('tokens', 'audit', newSecret),
    auditor: { username: 'auditor', password: secret('officers', 'auditor', newPassword) },
  };
  writeJsonSecret(secretsPath, secrets);

  return {
    dataDir,
    host: file.http.host,
    rootKey: root.key,
    rootKeyPath: root.path,
    rootPublic,
    rootPublicPath,
    directorySigning,
    seed,
    natsUsers,
    natsAuthorization: natsAuthorization(seed, natsUsers, { bcryptCost: localBcryptCost() }),
    agencies,
    directory,
    audit,
  };
}

/**
 * bcrypt cost of the local federation's broker passwords: 10, not a deployment's 11, as it is
 * made on every fresh start; `MOU_NATS_BCRYPT_COST` sets it (the tests: 4, bcrypt's least: every
 * test file makes a federation, hashing a user per agency, and nats-server checks a hash at each
 * connection).
 */
function localBcryptCost(): number {
  const raw = process.env['MOU_NATS_BCRYPT_COST'];
  if (raw === undefined || raw === '') return 10;
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 4 || cost > 14) throw new Error(`MOU_NATS_BCRYPT_COST must be an integer from 4 to 14, not ${JSON.stringify(raw)}`);
  return cost;
}

/**
 * scrypt cost of the local federation's officer passwords: 2^14, not a deployment's 2^17, unless
 * `MOU_SCRYPT_LOG2N` sets one. They are made on every start (40 of them: 11-12 s of a fresh
 * start's 17 on 2 cores at 2^17, 1.4 s at 2^14), and each password is printed on the terminal and
 * kept in clear in `federation.json` beside the config, so a costlier hash protects nothing here.
 * The directory's administrator and the auditor likewise (`hashedLogins`). A service hashes a
 * password again at its own cost at the first good login (`needsRehash`); a deployment's
 * officers are hashed at the full cost (the console, `pnpm users`).
 */
export function localPasswordCost(): PasswordCost {
  const raw = process.env['MOU_SCRYPT_LOG2N'];
  return raw === undefined || raw === '' ? { ...DEFAULT_PASSWORD_COST, log2N: 14 } : passwordCost();
}

/**
 * Logins with clear passwords as the same logins with hashes at {@link localPasswordCost}, the
 * clear password left out: a node's officers, the directory's administrator and the auditor
 * (the last two would otherwise be hashed at 2^17 by their service while it starts). Side by
 * side: `passwordSlots` runs two scrypt hashes at once and lets 32 wait.
 */
export async function hashedLogins<T extends { username: string; password: string }>(
  logins: readonly T[],
): Promise<(Omit<T, 'password'> & { passwordHash: string })[]> {
  const at = localPasswordCost();
  return Promise.all(logins.map(async ({ password, ...login }) => ({ ...login, passwordHash: await hashPassword(password, at) })));
}

/** Writes the agency node's config file (officer password stored as an scrypt hash only; `anonymous`: no NATS user). */
export async function writeAgencyConfig(
  f: PreparedFederation,
  a: PreparedAgency,
  natsServers: string | string[],
  opts: { anonymous?: boolean; domain?: string; evidenceHeadIntervalMs?: number } = {},
): Promise<void> {
  // The inbox prefix even without a user: a post's node behind a leaf gets replies only there (its leaf user's grant).
  const credentials = opts.anonymous ? { inboxPrefix: a.nats.inboxPrefix } : { user: a.nats.user, pass: a.nats.password, inboxPrefix: a.nats.inboxPrefix };
  // An agency's users together, agencies one after the other (the caller awaits each).
  const officers = await hashedLogins([
    a.officer,
    { ...a.supervisor, roles: ['supervisor'] },
    { ...a.admin, roles: ['administrator'] },
    ...a.translators.map((t) => ({ ...t, roles: ['translator'] })),
  ]);
  writeJsonSecret(a.configPath, {
    agency: a.id,
    http: { host: f.host, port: a.httpPort },
    nats: { servers: natsServers, ...credentials, ...(opts.domain ? { domain: opts.domain } : {}) },
    database: a.database,
    keyFiles: [a.keys.sig, a.keys.enc],
    rootKeys: [f.rootPublic],
    officers,
    tokenSecret: a.tokenSecret,
    ...(opts.evidenceHeadIntervalMs ? { evidenceHeadIntervalMs: opts.evidenceHeadIntervalMs } : {}),
    // The local federation serves plain http on loopback: a Secure cookie would never come back.
    secureCookies: false,
  });
}
