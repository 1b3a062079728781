import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenIssuer } from './token.ts';

const secret = new TextEncoder().encode('s'.repeat(32));
const user = { sub: 'somchai', roles: ['liaison-officer'], agency: 'th-msdhs' };

describe('token versions', () => {
  it('takes a token only while it carries the user’s current version', async () => {
    const versions = new Map<string, number>([['somchai', 1]]);
    const tokens = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 60, sessions: { current: async (sub) => versions.get(sub) } });
    const first = await tokens.issue(user);
    const second = await tokens.issue(user);
    expect(await tokens.verify(first)).toEqual(user);
    versions.set('somchai', 2); // logout, new password
    expect(await tokens.verify(first)).toBeUndefined();
    expect(await tokens.verify(second)).toBeUndefined();
    const third = await tokens.issue(user);
    expect(await tokens.verify(third)).toEqual(user);
    versions.delete('somchai'); // removed or disabled
    expect(await tokens.verify(third)).toBeUndefined();
    await expect(tokens.issue(user)).rejects.toThrow(/may not log in/);
  });

  it('refuses a token without a version where versions are kept', async () => {
    const plain = await createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 60 }).issue(user);
    const versioned = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 60, sessions: { current: async () => 1 } });
    expect(await versioned.verify(plain)).toBeUndefined();
  });

  describe('a token checked before', () => {
    afterEach(() => vi.useRealTimers());

    it('is refused once it expires', async () => {
      vi.useFakeTimers({ now: new Date('2026-12-07T08:00:00Z'), toFake: ['Date'] });
      const tokens = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 60 });
      const token = await tokens.issue(user);
      expect(await tokens.verify(token)).toEqual(user);
      vi.setSystemTime(new Date('2026-12-07T08:00:59Z'));
      expect(await tokens.verify(token)).toEqual(user);
      vi.setSystemTime(new Date('2026-12-07T08:01:01Z'));
      expect(await tokens.verify(token)).toBeUndefined();
    });

    it('does not vouch for a token that differs from it in its signature or its claims', async () => {
      const tokens = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 60 });
      const token = await tokens.issue(user);
      expect(await tokens.verify(token)).toEqual(user);
      const [header, claims, signature] = token.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
      expect(await tokens.verify(`${header}.${claims}.${flipped}`)).toBeUndefined();
      const admin = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), roles: ['administrator'] })).toString('base64url');
      expect(await tokens.verify(`${header}.${admin}.${signature}`)).toBeUndefined();
      // Another service's issuer (same secret, other name) is not this one's.
      expect(await createTokenIssuer({ secret, issuer: 'la-mlsw', ttlSeconds: 60 }).verify(token)).toBeUndefined();
    });
  });
});
