import type { SessionVersions } from './token.ts';

/**
 * Token versions of accounts a service holds in memory (the directory's administrators, the
 * audit's auditors, both from configuration). Every version starts at the service's start
 * time, so a restart ends every token issued before it; {@link MemorySessionVersions.end}
 * (logout) moves one account's version on and ends all of its tokens at once.
 * @example const versions = new MemorySessionVersions(admins.map((a) => a.username));
 * const tokens = createTokenIssuer({ secret, issuer, ttlSeconds, sessions: versions });
 */
export class MemorySessionVersions implements SessionVersions {
  private readonly versions = new Map<string, number>();

  constructor(
    usernames: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    const start = now();
    for (const u of usernames) this.versions.set(u, start);
  }

  current(sub: string): Promise<number | undefined> {
    return Promise.resolve(this.versions.get(sub));
  }

  /** Ends every token of the account (a logout). */
  end(sub: string): void {
    const v = this.versions.get(sub);
    if (v !== undefined) this.versions.set(sub, Math.max(v + 1, this.now()));
  }
}
