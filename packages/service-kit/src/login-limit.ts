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
 * scrypt). An attempt is reserved (counted as a failure) before its password is checked, so
 * concurrent guesses cannot all pass the check before the first is counted; a success then
 * clears the username's count and gives the address its attempt back.
 * @example
 * const gate = limiter.reserve({ username, address }); if (!gate.ok) answer429(gate.retryAfterSeconds);
 * if (passwordOk) limiter.succeed({ username, address }); // a failure stays counted
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

  /**
   * Checks the attempt and, if it may go ahead, counts it as a failure at once (in the same
   * tick, so no concurrent attempt slips between check and count). Settle it with
   * {@link succeed} or {@link release}; a failure needs nothing more.
   */
  reserve(a: LoginAttempt): LoginGate {
    const gate = this.check(a);
    if (gate.ok) this.fail(a);
    return gate;
  }

  /** Gives back a reserved attempt whose password was never checked (the checker was busy). */
  release(a: LoginAttempt): void {
    for (const [key] of this.keys(a)) {
      const w = this.windows.get(key);
      if (w && w.failures > 0) w.failures--;
    }
  }

  /** Counts one failed attempt (without a reservation). */
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

  /** A reserved attempt that succeeded: the username's failures are cleared, the address gets its attempt back. */
  succeed(a: LoginAttempt): void {
    this.windows.delete(`user:${a.username.toLowerCase()}`);
    const w = this.windows.get(`addr:${a.address}`);
    if (w && w.failures > 0) w.failures--;
  }

  private keys(a: LoginAttempt): [string, number][] {
    return [
      [`user:${a.username.toLowerCase()}`, this.limits.perUsername],
      [`addr:${a.address}`, this.limits.perAddress],
    ];
  }
}
