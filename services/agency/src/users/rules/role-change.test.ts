import { describe, expect, it } from 'vitest';
import { mayDecideGrant, planRoleChange } from './role-change.ts';

describe('planRoleChange', () => {
  it('refuses a change of one’s own roles, even a removal', () => {
    expect(planRoleChange({ actor: 'admin', target: 'admin', current: ['administrator'], wanted: ['administrator', 'supervisor'] })).toEqual({ ok: false, code: 'own-roles' });
    expect(planRoleChange({ actor: 'admin', target: 'admin', current: ['administrator'], wanted: [] }).ok).toBe(false);
  });

  it('keeps a new case role pending, grants other roles and removals at once', () => {
    expect(planRoleChange({ actor: 'admin', target: 'somchai', current: ['translator', 'auditor'], wanted: ['liaison-officer', 'administrator', 'auditor'] })).toEqual({
      ok: true,
      now: ['auditor', 'administrator'],
      pending: ['liaison-officer'],
    });
  });

  it('asks nothing of a supervisor when no case role is added', () => {
    expect(planRoleChange({ actor: 'admin', target: 'somchai', current: ['liaison-officer', 'supervisor'], wanted: ['liaison-officer'] })).toEqual({ ok: true, now: ['liaison-officer'], pending: [] });
  });
});

describe('mayDecideGrant', () => {
  it('a supervisor decides others’ grants, never one for themself or one they asked for', () => {
    expect(mayDecideGrant('sup', { username: 'somchai', requestedBy: 'admin' })).toBeUndefined();
    expect(mayDecideGrant('sup', { username: 'sup', requestedBy: 'admin' })).toBe('own-roles');
    expect(mayDecideGrant('sup', { username: 'somchai', requestedBy: 'sup' })).toBe('own-request');
  });
});
