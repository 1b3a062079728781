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

  it('forgets a username’s failures after a success, but not the address’s', () => {
    const { l } = limiter();
    for (let i = 0; i < 2; i++) l.fail({ username: 'somchai', address: '10.0.0.1' });
    l.succeed({ username: 'somchai', address: '10.0.0.1' });
    for (let i = 0; i < 2; i++) l.fail({ username: 'somchai', address: '10.0.0.1' });
    expect(l.check({ username: 'somchai', address: '10.0.0.1' })).toEqual({ ok: true });
    l.fail({ username: 'somchai', address: '10.0.0.1' });
    expect(l.check({ username: 'x', address: '10.0.0.1' }).ok).toBe(false);
  });
});
