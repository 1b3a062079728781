import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';

/** Checked tokens a service remembers (the oldest is forgotten first): some 300 bytes each. */
const REMEMBERED_TOKENS = 1024;

/** Who a bearer token speaks for. */
export interface AuthUser {
  /** Username. */
  sub: string;
  /** Roles granted: `liaison-officer`, `embassy-desk`, `translator`, `supervisor`, `auditor`, `administrator`. */
  roles: string[];
  /** The agency the user works for. */
  agency: string;
}

/** Issues and checks a service's bearer (and session cookie) tokens. */
export interface TokenIssuer {
  /** A signed token for the user (with `sessions`, carrying the user's current version). */
  issue(user: AuthUser): Promise<string>;
  /** The user, or undefined for a bad, expired, foreign or ended (older version, disabled user) token. */
  verify(token: string): Promise<AuthUser | undefined>;
}

/**
 * Where each user's token version lives (the service's database). A token carries the version
 * it was issued under and is taken only while that is still the user's version: moving it on
 * (logout, new password, removal) ends every token of the user at once.
 */
export interface SessionVersions {
  /** The user's current version; undefined for a user who may not log in (disabled, unknown). */
  current(sub: string): Promise<number | undefined>;
}

/**
 * Issues and checks HS256 session tokens for one service.
 * @example const tokens = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 28800 });
 */
export function createTokenIssuer(opts: { secret: Uint8Array; issuer: string; ttlSeconds: number; sessions?: SessionVersions }): TokenIssuer {
  // The HMAC key imported once: given the bytes, jose imports them again at every request (a
  // token check took 150-230 µs that way, 65-90 µs with the key imported once).
  const key = webcrypto.subtle.importKey('raw', opts.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  // A secret the key cannot be made from fails each issue and verify, not the process meanwhile.
  key.catch(() => undefined);
  // Tokens whose signature, issuer and algorithm were checked, by their exact text, until they
  // expire: an officer's page sends the same token with every request, and WebCrypto's HMAC
  // (a job on libuv's pool) was 2 % of a sending node's CPU (test/bench/profile.ts). The user's
  // version is still asked at every request, so a logout ends a remembered token at once.
  const remembered = new Map<string, JWTPayload & { exp: number }>();
  const checked = async (token: string): Promise<JWTPayload> => {
    const now = Date.now() / 1000;
    const known = remembered.get(token);
    if (known) {
      if (known.exp > now) return known;
      remembered.delete(token);
    }
    const { payload } = await jwtVerify(token, await key, { issuer: opts.issuer, algorithms: ['HS256'] });
    // Only a token that will expire is remembered (every token issued here does).
    if (typeof payload.exp !== 'number') return payload;
    if (remembered.size >= REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value!);
    remembered.set(token, payload as JWTPayload & { exp: number });
    return payload;
  };
  return {
    async issue(user) {
      const ver = opts.sessions ? await opts.sessions.current(user.sub) : undefined;
      if (opts.sessions && ver === undefined) throw new Error(`no token for ${user.sub}: the user may not log in`);
      return new SignJWT({ roles: user.roles, agency: user.agency, ...(ver === undefined ? {} : { ver }) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.sub)
        .setIssuer(opts.issuer)
        .setIssuedAt()
        .setExpirationTime(`${opts.ttlSeconds}s`)
        .sign(await key);
    },
    async verify(token) {
      try {
        const payload = await checked(token);
        const { sub, roles, agency, ver } = payload as { sub?: unknown; roles?: unknown; agency?: unknown; ver?: unknown };
        if (typeof sub !== 'string' || typeof agency !== 'string' || !Array.isArray(roles)) return undefined;
        if (opts.sessions && (typeof ver !== 'number' || ver !== (await opts.sessions.current(sub)))) return undefined;
        return { sub, agency, roles: roles.filter((r): r is string => typeof r === 'string') };
      } catch {
        return undefined;
      }
    },
  };
}
