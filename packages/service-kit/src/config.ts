import * as v from 'valibot';
import { fieldIssuesOf } from './validate.ts';
import { hashPassword } from './password.ts';
import { TrustedProxiesSchema } from './client-address.ts';
import { DEFAULT_LOGIN_LIMITS } from './login-limit.ts';

/**
 * A login a service's configuration lists: a clear password (development, hashed in memory at
 * start) or an scrypt `hashPassword` string (production), never both.
 */
export const ConfiguredLoginSchema = v.pipe(
  v.strictObject({
    username: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._@-]{1,64}$/)),
    /** Plain password (development); hashed in memory at start. */
    password: v.optional(v.pipe(v.string(), v.minLength(8))),
    /** A `hashPassword` string from @mou-hub/service-kit (production). */
    passwordHash: v.optional(v.pipe(v.string(), v.startsWith('scrypt$'))),
  }),
  v.check((a) => (a.password === undefined) !== (a.passwordHash === undefined), 'give password or passwordHash, not both'),
);
export type ConfiguredLogin = v.InferOutput<typeof ConfiguredLoginSchema>;

/** Where a service listens: `http` of its configuration (127.0.0.1 and a free port by default). */
export const HttpListenSchema = v.optional(
  v.strictObject({
    /** 127.0.0.1 by default. */
    host: v.optional(v.string(), '127.0.0.1'),
    /** 0 (the default) asks the OS for a free port; the URL is in the started service. */
    port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535)), 0),
  }),
  {},
);

/** How a service reaches NATS: the entries every service's `nats` shares (spread into its own object). */
export const NATS_CLIENT_ENTRIES = {
  servers: v.union([v.string(), v.pipe(v.array(v.string()), v.minLength(1))]),
  user: v.optional(v.string()),
  pass: v.optional(v.string()),
  /** `_INBOX_<user>` under the permissions of infra/src/nats-auth.ts. */
  inboxPrefix: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/))),
};

/** `limits.login` / `loginLimits`: failed logins allowed per username and per client address in a window; past it, 429. */
export const LoginLimitsSchema = v.optional(
  v.strictObject({
    perUsername: v.pipe(v.number(), v.integer(), v.minValue(1)),
    perAddress: v.pipe(v.number(), v.integer(), v.minValue(1)),
    windowSeconds: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  DEFAULT_LOGIN_LIMITS,
);

/**
 * How a service with logins sits behind its reverse proxy (spread into its configuration):
 * `trustedProxies` (whose `X-Forwarded-For` is believed; none by default), `secureCookies`
 * (session and login cookies only over HTTPS; on by default, the local federation on
 * http://127.0.0.1 turns it off) and `loginLimits`.
 */
export const WEB_EDGE_ENTRIES = {
  trustedProxies: TrustedProxiesSchema,
  secureCookies: v.optional(v.boolean(), true),
  loginLimits: LoginLimitsSchema,
};

/** The configured logins with their scrypt hashes (clear passwords hashed now, in memory only). */
export function loginHashes(logins: readonly ConfiguredLogin[]): Promise<{ username: string; passwordHash: string }[]> {
  return Promise.all(logins.map(async (a) => ({ username: a.username, passwordHash: a.passwordHash ?? (await hashPassword(a.password!)) })));
}

/**
 * A service's configuration parsed with its schema, or one error listing every bad field
 * (never its value: it may be a key or a password).
 *
 * @example
 * const config = parseServiceConfig(DirectoryConfigSchema, JSON.parse(readFileSync(path, 'utf8')), 'directory');
 */
export function parseServiceConfig<S extends v.GenericSchema>(schema: S, input: unknown, service: string): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (r.success) return r.output;
  const lines = fieldIssuesOf(r.issues).map((i) => `  ${i.path || '(root)'}: ${i.message}`);
  throw new Error(`invalid ${service} config:\n${lines.join('\n')}`);
}
