import { AUDIT_CONSUMER } from '@mou-hub/bus';
import { PrivateJwkSchema, PublicJwkSchema } from '@mou-hub/protocol';
import { ConfiguredLoginSchema, HttpListenSchema, NATS_CLIENT_ENTRIES, parseServiceConfig, WEB_EDGE_ENTRIES } from '@mou-hub/service-kit';
import * as v from 'valibot';

const Minutes = v.pipe(v.number(), v.integer(), v.minValue(1));

/** The audit service's configuration, validated at start. */
export const AuditConfigSchema = v.strictObject({
  http: HttpListenSchema,
  nats: v.strictObject({
    ...NATS_CLIENT_ENTRIES,
    /** The durable consumer over the whole stream; `audit` by default. */
    durable: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/)), AUDIT_CONSUMER),
  }),
  /** SQLite file (under `.data/audit/` in the local federation). */
  database: v.pipe(v.string(), v.minLength(1)),
  /** The Secretariat root public keys the directory must verify with (pinned here, never read from KV). */
  rootKeys: v.pipe(v.array(PublicJwkSchema), v.minLength(1)),
  /** HS256 secret of the auditors' session tokens, at least 32 characters. */
  tokenSecret: v.pipe(v.string(), v.minLength(32)),
  /** Session length; 8 hours by default. */
  tokenTtlSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(60)), 8 * 3600),
  /**
   * `trustedProxies` (whose X-Forwarded-For gives the client's address; none by default),
   * `secureCookies` (dashboard cookies over HTTPS only; on by default, off in the local
   * federation on http://127.0.0.1) and `loginLimits` (5 per username, 20 per address, 15 min).
   */
  ...WEB_EDGE_ENTRIES,
  /** Who may read the reports (role `auditor`). */
  auditors: v.pipe(v.array(ConfiguredLoginSchema), v.minLength(1)),
  /** A signed `created` farther than this from the stream time is flagged; 15 by default. */
  skewLimitMinutes: v.optional(Minutes, 15),
  /** A message with neither receipt nor problem after this long is "missing"; 10 by default. */
  reconcileAfterMinutes: v.optional(Minutes, 10),
  /**
   * The Secretariat's signing key (listed in the directory, e.g. `la-secretariat#sig-…`): with
   * it the audit witnesses the nodes' evidence logs (issue 19); without it, it does not.
   */
  witnessKey: v.optional(PrivateJwkSchema),
  /** Smallest cell published in exports (CTDC publishes with 11). */
  kAnonymity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2)), 11),
});

/** Configuration as written (defaults optional). */
export type AuditConfigInput = v.InferInput<typeof AuditConfigSchema>;
/** Configuration with defaults applied. */
export type AuditConfig = v.InferOutput<typeof AuditConfigSchema>;

/**
 * Validates a configuration, throwing one error that lists every bad field (never its value).
 *
 * @example
 * const config = parseAuditConfig(JSON.parse(readFileSync(path, 'utf8')));
 */
export function parseAuditConfig(input: unknown): AuditConfig {
  return parseServiceConfig(AuditConfigSchema, input, 'audit');
}
