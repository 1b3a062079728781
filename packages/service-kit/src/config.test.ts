import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConfiguredLoginSchema, loginHashes, parseServiceConfig } from './config.ts';
import { verifyPassword } from './password.ts';

const Schema = v.strictObject({ admins: v.array(ConfiguredLoginSchema), port: v.optional(v.number(), 7100) });

describe('service configuration', () => {
  it('applies defaults to a valid configuration', () => {
    expect(parseServiceConfig(Schema, { admins: [{ username: 'admin', password: 'correct horse' }] }, 'test')).toEqual({
      admins: [{ username: 'admin', password: 'correct horse' }],
      port: 7100,
    });
  });

  it.each([
    ['both a password and a hash', { admins: [{ username: 'admin', password: 'correct horse', passwordHash: 'scrypt$x' }] }, 'admins.0'],
    ['neither', { admins: [{ username: 'admin' }] }, 'admins.0'],
    ['a short password', { admins: [{ username: 'admin', password: 'secret' }] }, 'admins.0.password'],
    ['an unknown field', { admins: [], prot: 1 }, 'prot'],
  ])('refuses %s, naming the field and never its value', (_, input, path) => {
    expect(() => parseServiceConfig(Schema, input, 'test')).toThrow(new RegExp(`invalid test config:\\n(.|\\n)*  ${path.replace('.', '\\.')}: `));
    expect(() => parseServiceConfig(Schema, input, 'test')).not.toThrow(/secret|correct horse/);
  });

  it('hashes clear passwords in memory and keeps given hashes', async () => {
    const [clear, hashed] = await loginHashes([
      { username: 'a', password: 'correct horse' },
      { username: 'b', passwordHash: 'scrypt$kept' },
    ]);
    expect(await verifyPassword('correct horse', clear!.passwordHash)).toBe(true);
    expect(hashed).toEqual({ username: 'b', passwordHash: 'scrypt$kept' });
  });
});
