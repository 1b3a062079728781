import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { AgencyId, DEFAULT_DIRECTORY_MAX_AGE_MS, DEFAULT_MAX_LAG_MS, PublicJwkSchema } from '@mou-hub/protocol';
import { HttpListenSchema, LoginLimitsSchema, NATS_CLIENT_ENTRIES, WEB_EDGE_ENTRIES } from '@mou-hub/service-kit';
import { DEFAULT_OVERLOAD_LIMITS } from './platform/overload.ts';
import { Password, Username } from './users/user-schema.ts';

const Officer = v.strictObject({
  username: Username,
  /** scrypt hash from `hashPassword`; a clear `password` is accepted for development only. */
  passwordHash: v.optional(v.string()),
  password: v.optional(Password),
  roles: v.pipe(v.array(v.string()), v.minLength(1)),
  displayName: v.optional(v.string()),
});

/**
 * 32 bytes or more, written in base64url: counted after decoding, since 43 characters of which
 * most are not base64url would decode to a handful of bytes.
 */
const TokenSecret = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]+$/, 'not base64url (A-Z a-z 0-9 - _, no padding)'),
  v.check((s) => Buffer.from(s, 'base64url').byteLength >= 32, 'decodes to fewer than 32 bytes'),
);

/** An agency node's configuration: data, validated at load. */
export const AgencyConfigSchema = v.strictObject({
  agency: AgencyId,
  http: HttpListenSchema,
  nats: v.strictObject({
    ...NATS_CLIENT_ENTRIES,
    /** JetStream domain of the hub, for a node that talks to a leaf node at its post. */
    domain: v.optional(v.string()),
  }),
  /** SQLite file. */
  database: v.string(),
  /** Paths of this agency's private JWK files (oldest first; the last Ed25519 key signs). */
  keyFiles: v.pipe(v.array(v.string()), v.minLength(2)),
  /** The Secretariat's root public keys, pinned: only a directory they sign is trusted. */
  rootKeys: v.pipe(v.array(PublicJwkSchema), v.minLength(1)),
  officers: v.array(Officer),
  /** Reverse proxies whose X-Forwarded-For gives the client's address (for the login limits); none by default. */
  trustedProxies: WEB_EDGE_ENTRIES.trustedProxies,
  /** Session and login cookies only over HTTPS; on by default, the local federation on http://127.0.0.1 turns it off. */
  secureCookies: WEB_EDGE_ENTRIES.secureCookies,
  /** How often the evidence log's head is signed (and sent to be witnessed) when it grew; 60 s by default. */
  evidenceHeadIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100))),
  /** Secret for session tokens (base64url, 32+ bytes); random per start when absent. */
  tokenSecret: v.optional(TokenSecret),
  limits: v.optional(
    v.strictObject({
      maxEnvelopeBytes: v.optional(v.number(), 262_144),
      maxRequestBytes: v.optional(v.number(), 524_288),
      /** Largest attachment, in plaintext bytes, sent or received; 20 MiB. */
      maxAttachmentBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 20 * 1024 * 1024),
      skewMs: v.optional(v.number(), 300_000),
      /** How long before the stream's timestamp a message's `created` may lie; 15 days (`DEFAULT_MAX_LAG_MS`: a post cut off for 14). */
      maxLagMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(60_000)), DEFAULT_MAX_LAG_MS),
      /** Age (since its `issued`) past which `/readyz` warns that the directory is stale; 24 h. */
      directoryMaxAgeMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(60_000)), DEFAULT_DIRECTORY_MAX_AGE_MS),
      /** Failed logins allowed per username and per client address in a window; past it, 429. */
      login: LoginLimitsSchema,
      /** Past these the API answers 503 with Retry-After; `/healthz` keeps answering. */
      overload: v.optional(
        v.strictObject({
          maxEventLoopDelayMs: v.pipe(v.number(), v.minValue(1)),
          maxEventLoopUtilization: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(1)), DEFAULT_OVERLOAD_LIMITS.maxEventLoopUtilization),
          maxOutboxDepth: v.pipe(v.number(), v.integer(), v.minValue(0)),
          maxInFlight: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), DEFAULT_OVERLOAD_LIMITS.maxInFlight),
          retryAfterSeconds: v.pipe(v.number(), v.integer(), v.minValue(1)),
        }),
        DEFAULT_OVERLOAD_LIMITS,
      ),
    }),
    {},
  ),
});
export type AgencyConfig = v.InferOutput<typeof AgencyConfigSchema>;
export type AgencyConfigInput = v.InferInput<typeof AgencyConfigSchema>;

/** Typed error for a configuration that does not validate. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates a configuration object; relative paths resolve against `baseDir`. */
export function parseAgencyConfig(input: unknown, baseDir = process.cwd()): AgencyConfig {
  const r = v.safeParse(AgencyConfigSchema, input);
  if (!r.success) {
    const issues = r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid agency configuration: ${issues}`);
  }
  const c = r.output;
  return { ...c, database: resolve(baseDir, c.database), keyFiles: c.keyFiles.map((f) => resolve(baseDir, f)) };
}

/** Reads and validates a JSON configuration file. */
export function loadAgencyConfig(file: string): AgencyConfig {
  return parseAgencyConfig(JSON.parse(readFileSync(file, 'utf8')), dirname(resolve(file)));
}
