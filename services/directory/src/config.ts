import { DirectorySnapshotSchema, PrivateJwkSchema, PublicJwkSchema } from '@mou-hub/protocol';
import { ConfiguredLoginSchema, HttpListenSchema, LoginLimitsSchema, NATS_CLIENT_ENTRIES, parseServiceConfig, TrustedProxiesSchema } from '@mou-hub/service-kit';
import * as v from 'valibot';

/** The directory service's configuration, validated at start. */
export const DirectoryConfigSchema = v.strictObject({
  http: HttpListenSchema,
  nats: v.strictObject({
    ...NATS_CLIENT_ENTRIES,
    /** Replicas of the KV bucket when this service creates it; 1 by default. */
    replicas: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5))),
  }),
  /** SQLite file of the version history (`:memory:` for tests). */
  database: v.pipe(v.string(), v.minLength(1)),
  /**
   * The directory's online signing key (Ed25519, `mou root init`), which signs every version.
   * The root key itself stays offline: it only certifies this one for a period.
   */
  signingKey: PrivateJwkSchema,
  /** The root-signed certificate of signingKey (`mou root init`, renewed with `mou root certify`). */
  signingCertificate: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
  /** The pinned root public keys: the certificate, and a directory found in KV, must verify with one. */
  rootKeys: v.pipe(v.array(PublicJwkSchema), v.minLength(1)),
  /** HS256 secret of the admin session tokens: its UTF-8 bytes are the key, at least 32 of them. */
  tokenSecret: v.pipe(v.string(), v.minBytes(32)),
  /** Session length; 8 hours by default. */
  tokenTtlSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(60)), 8 * 3600),
  /** Reverse proxies whose X-Forwarded-For gives the client's address (for the login limits); none by default. */
  trustedProxies: TrustedProxiesSchema,
  /** Failed admin logins allowed per username and per client address in a window; 5 and 20 in 15 minutes. */
  loginLimits: LoginLimitsSchema,
  /** Administrators who may change the directory. */
  admins: v.pipe(v.array(ConfiguredLoginSchema), v.minLength(1)),
  /** Version 1, published only when neither KV nor the history has a directory yet. */
  seed: v.optional(DirectorySnapshotSchema),
  /** Largest request body, in bytes; 262144 (256 KiB) by default. */
  maxRequestBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024)), 262_144),
  /**
   * Re-issue an unchanged directory (a new version, a new `issued`) once the latest is this
   * old; 12 h by default, half the nodes' default max age (they warn past 24 h).
   */
  reissueEveryMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1_000)), 43_200_000),
  /** `Cache-Control: max-age` of GET /directory; 30 s by default. */
  cacheMaxAgeSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 30),
});

/** Configuration as written (defaults optional). */
export type DirectoryConfigInput = v.InferInput<typeof DirectoryConfigSchema>;
/** Configuration with defaults applied. */
export type DirectoryConfig = v.InferOutput<typeof DirectoryConfigSchema>;

/**
 * Validates a configuration, throwing one error that lists every bad field (never its value:
 * it may be a key or a password).
 *
 * @example
 * const config = parseConfig(JSON.parse(readFileSync(path, 'utf8')));
 */
export function parseConfig(input: unknown): DirectoryConfig {
  return parseServiceConfig(DirectoryConfigSchema, input, 'directory');
}
