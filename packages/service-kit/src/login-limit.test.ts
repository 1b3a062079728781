import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limit.ts';

const limits = { perUsername: 3, perAddress: 5, windowSeconds: 60 };

function limiter() {
  let t = 0;
  const l = new LoginLimiter(limits, () => t);
  return { l, advance: (s: number) => (t += s * 1000) };
}

describe('LoginLimiter', () => {
  it('refuses a username after its failures, until its window ends, whatever the address', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.check({ username: 'somchai', address: `10.0.0.${i}` })).toEqual({ ok: true });
      l.fail({ username: 'somchai', address: `10.0.0.${i}` });
    }
    expect(l.check({ username: 'somchai', address: '10.0.0.9' })).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(l.check({ username: 'SOMCHAI', address: '10.0.0.9' }).ok).toBe(false);
    expect(l.check({ username: 'other', address: '10.0.0.9' })).toEqual({ ok: true });
    advance(45);
    expect(l.check({ username: 'somchai', address: '10.0.0.9' })).toEqual({ ok: false, retryAfterSeconds: 15 });
    advance(15);
    expect(l.check({ username: 'somchai', address: '10.0.0.9' })).toEqual({ ok: true });
  });

  it('refuses an address that tries many usernames', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.fail({ username: `user${i}`, address: '10.0.0.1' });
    expect(l.check({ username: 'fresh', address: '10.0.0.1' })).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(l.check({ username: 'fresh', address: '10.0.0.2' })).toEqual({ ok: true });
  });

  it('forgets a username’s failures after a success, and gives the address back only the successful attempt', () => {
    const { l } = limiter();
    const a = { username: 'somchai', address: '10.0.0.1' };
    for (let i = 0; i < 2; i++) expect(l.reserve(a).ok).toBe(true);
    expect(l.reserve(a).ok).toBe(true);
    l.succeed(a);
    // 2 failures left on the address (limit 5), none on the username (limit 3).
    for (let i = 0; i < 3; i++) expect(l.reserve(a).ok).toBe(true);
    expect(l.reserve(a).ok).toBe(false);
    expect(l.check({ username: 'x', address: '10.0.0.1' }).ok).toBe(false);
  });

  it('reserves an attempt before its password is checked: concurrent guesses past the limit are refused', () => {
    const { l } = limiter();
    const a = { username: 'somchai', address: '10.0.0.1' };
    // 34 guesses arrive before any password check ends: only the first 3 (perUsername) may go on.
    const gates = Array.from({ length: 34 }, () => l.reserve(a));
    expect(gates.filter((g) => g.ok)).toHaveLength(3);
  });

  it('gives back a reservation whose password was never checked', () => {
    const { l } = limiter();
    const a = { username: 'somchai', address: '10.0.0.1' };
    for (let i = 0; i < 3; i++) l.reserve(a);
    expect(l.check(a).ok).toBe(false);
    l.release(a);
    expect(l.check(a).ok).toBe(true);
  });
});
