/** How many failed logins are allowed, per what, over how long. */
export interface LoginLimits {
  /** Failed logins one username may have in the window (guessing one officer's password). */
  perUsername: number;
  /** Failed logins one client address may have in the window (guessing across usernames). */
  perAddress: number;
  windowSeconds: number;
}

/** Defaults: 5 failures per username and 20 per address in 15 minutes. */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUsername: 5, perAddress: 20, windowSeconds: 900 };

/** A login attempt's keys: who it claims to be and where it comes from. */
export interface LoginAttempt {
  username: string;
  address: string;
}

/** May this attempt go ahead; if not, how many seconds until it may. */
export type LoginGate = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Most keys remembered; the oldest windows are dropped first past it (memory stays bounded under a flood). */
const MAX_KEYS = 50_000;

/**
 * Counts failed logins per username and per client address in a fixed window. A key over its
 * limit is refused until its window ends, before any password is checked (so a flood costs no
 * scrypt). A success clears the username's count, not the address's.
 * @example
 * const gate = limiter.check({ username, address }); if (!gate.ok) answer429(gate.retryAfterSeconds);
 * if (!passwordOk) limiter.fail({ username, address }); else limiter.succeed({ username, address });
 */
export class LoginLimiter {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  check(a: LoginAttempt): LoginGate {
    const t = this.now();
    let wait = 0;
    for (const [key, limit] of this.keys(a)) {
      const w = this.windows.get(key);
      if (w && w.endsAt > t && w.failures >= limit) wait = Math.max(wait, Math.ceil((w.endsAt - t) / 1000));
    }
    return wait > 0 ? { ok: false, retryAfterSeconds: wait } : { ok: true };
  }

  fail(a: LoginAttempt): void {
    const t = this.now();
    for (const [key] of this.keys(a)) {
      const w = this.windows.get(key);
      if (w && w.endsAt > t) w.failures++;
      else {
        this.windows.delete(key);
        this.windows.set(key, { failures: 1, endsAt: t + this.limits.windowSeconds * 1000 });
      }
    }
    // Map keeps insertion order: the first keys are the oldest windows.
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_KEYS) break;
      this.windows.delete(key);
    }
  }

  succeed(a: LoginAttempt): void {
    this.windows.delete(`user:${a.username.toLowerCase()}`);
  }

  private keys(a: LoginAttempt): [string, number][] {
    return [
      [`user:${a.username.toLowerCase()}`, this.limits.perUsername],
      [`addr:${a.address}`, this.limits.perAddress],
    ];
  }
}
