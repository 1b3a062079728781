import { SignJWT, jwtVerify } from 'jose';

/** Who a bearer token speaks for. */
export interface AuthUser {
  /** Username. */
  sub: string;
  /** Roles granted: `liaison-officer`, `embassy-desk`, `translator`, `supervisor`, `auditor`, `administrator`. */
  roles: string[];
  /** The agency the user works for. */
  agency: string;
}

export interface TokenIssuer {
  issue(user: AuthUser): Promise<string>;
  /** The user, or undefined for a bad, expired or foreign token. */
  verify(token: string): Promise<AuthUser | undefined>;
}

/**
 * Issues and checks HS256 session tokens for one service.
 * @example const tokens = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 28800 });
 */
export function createTokenIssuer(opts: { secret: Uint8Array; issuer: string; ttlSeconds: number }): TokenIssuer {
  return {
    issue: (user) =>
      new SignJWT({ roles: user.roles, agency: user.agency })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.sub)
        .setIssuer(opts.issuer)
        .setIssuedAt()
        .setExpirationTime(`${opts.ttlSeconds}s`)
        .sign(opts.secret),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, opts.secret, { issuer: opts.issuer, algorithms: ['HS256'] });
        const { sub, roles, agency } = payload as { sub?: unknown; roles?: unknown; agency?: unknown };
        if (typeof sub !== 'string' || typeof agency !== 'string' || !Array.isArray(roles)) return undefined;
        return { sub, agency, roles: roles.filter((r): r is string => typeof r === 'string') };
      } catch {
        return undefined;
      }
    },
  };
}
