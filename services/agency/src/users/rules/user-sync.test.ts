import { describe, expect, it } from 'vitest';
import { planUserSync, type KnownUser } from './user-sync.ts';

const officer = { username: 'somchai', passwordHash: 'scrypt$a', roles: ['liaison-officer'] };
const known = (over: Partial<KnownUser> = {}): KnownUser => ({ ...officer, disabled: false, source: 'config', ...over });

describe('planUserSync', () => {
  it.each([
    ['a new officer is added', [], [officer], { add: [officer], update: [], disable: [] }],
    ['an unchanged officer keeps their sessions', [known()], [officer], { add: [], update: [{ ...officer, endSessions: false }], disable: [] }],
    ['the same roles in another order change nothing', [known({ roles: ['a', 'b'] })], [{ ...officer, roles: ['b', 'a'] }], { add: [], update: [{ ...officer, roles: ['b', 'a'], endSessions: false }], disable: [] }],
    ['a new password ends sessions', [known({ passwordHash: 'scrypt$old' })], [officer], { add: [], update: [{ ...officer, endSessions: true }], disable: [] }],
    ['other roles end sessions', [known({ roles: ['supervisor'] })], [officer], { add: [], update: [{ ...officer, endSessions: true }], disable: [] }],
    ['an officer back in the configuration comes back with fresh sessions', [known({ disabled: true })], [officer], { add: [], update: [{ ...officer, endSessions: true }], disable: [] }],
    ['a removed officer is disabled', [known()], [], { add: [], update: [], disable: ['somchai'] }],
    ['a removed officer already disabled is left alone', [known({ disabled: true })], [], { add: [], update: [], disable: [] }],
    ['an officer the administrator created is not disabled for being absent', [known({ source: 'console' })], [], { add: [], update: [], disable: [] }],
    ['an officer the administrator changed keeps the change over the configuration', [known({ source: 'console', passwordHash: 'scrypt$new' })], [officer], { add: [], update: [], disable: [] }],
    ['an officer the administrator disabled stays disabled', [known({ source: 'console', disabled: true })], [officer], { add: [], update: [], disable: [] }],
  ])('%s', (_, stored, configured, plan) => {
    expect(planUserSync(stored, configured)).toEqual(plan);
  });
});
