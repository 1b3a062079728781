import { describe, expect, it } from 'vitest';
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
});
