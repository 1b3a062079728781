import type { AgencyKey, Agreement, DirectorySnapshot } from '@mou-hub/protocol';
import { describe, expect, it } from 'vitest';
import { laThAgreement } from '../test-fixtures.ts';
import { applyChange, reissueDue } from './change.ts';

const x = (c: string) => c.repeat(43);
const key = (kid: string, use: 'sig' | 'enc' = 'sig', notBefore = '2026-01-01T00:00:00.000Z'): AgencyKey => ({
  kid,
  use,
  jwk: { kty: 'OKP', crv: use === 'sig' ? 'Ed25519' : 'X25519', x: x('A'), kid },
  notBefore,
});
const agency = (id: string, keys: AgencyKey[] = []) => ({ id, country: id.slice(0, 2).toUpperCase(), names: { en: id }, roles: [], keys });
const laTh: Agreement = laThAgreement();
const base: DirectorySnapshot = {
  version: 4,
  issued: '2026-01-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [agency('la-mlsw', [key('la-mlsw#sig-a')]), agency('th-msdhs', [key('th-msdhs#sig-a')])],
  agreements: [laTh],
};
const now = '2026-02-01T00:00:00.000Z';

describe('applyChange', () => {
  it('makes version + 1, issued now, and leaves the previous snapshot alone', () => {
    const r = applyChange(base, { kind: 'add-agency', agency: agency('vn-mps', [key('vn-mps#sig-a'), key('vn-mps#enc-a', 'enc')]) }, now);
    expect(r.ok && r.value.snapshot).toMatchObject({ version: 5, issued: now });
    expect(r.ok && r.value.summary).toBe('add agency vn-mps');
    expect(base.agencies).toHaveLength(2);
  });

  it('re-issues the same content as a new version, so nodes see a directory that is still current', () => {
    const r = applyChange(base, { kind: 'reissue' }, now);
    expect(r.ok && r.value.snapshot).toEqual({ ...base, version: 5, issued: now });
    expect(r.ok && r.value.summary).toBe('re-issue, unchanged');
  });

  it.each([
    ['2026-01-01T00:00:00.000Z', true],
    ['2026-01-31T12:00:00.000Z', true],
    ['2026-01-31T12:00:00.001Z', false],
  ])('issued %s, re-issued every 12 h: due %s', (issued, due) => {
    expect(reissueDue(issued, new Date(now), 43_200_000)).toBe(due);
  });

  it('adds a future key for rotation and revokes an old one', () => {
    const added = applyChange(base, { kind: 'add-key', agencyId: 'th-msdhs', key: key('th-msdhs#sig-b', 'sig', '2026-06-01T00:00:00.000Z') }, now);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const revoked = applyChange(added.value.snapshot, { kind: 'revoke-key', agencyId: 'th-msdhs', kid: 'th-msdhs#sig-a', at: now }, now);
    expect(revoked.ok).toBe(true);
    if (!revoked.ok) return;
    const keys = revoked.value.snapshot.agencies.find((a) => a.id === 'th-msdhs')!.keys;
    expect(keys.map((k) => [k.kid, k.revokedAt])).toEqual([['th-msdhs#sig-a', now], ['th-msdhs#sig-b', undefined]]);
    expect(revoked.value.snapshot.version).toBe(6);
  });

  it.each([
    ['an unknown agency', { kind: 'add-key', agencyId: 'cn-mps', key: key('cn-mps#sig-a') }, 'not-found'],
    ['a kid of another agency', { kind: 'add-key', agencyId: 'th-msdhs', key: key('la-mlsw#sig-z') }, 'invalid'],
    ['a duplicate kid', { kind: 'add-key', agencyId: 'th-msdhs', key: key('th-msdhs#sig-a') }, 'conflict'],
    ['an enc key on Ed25519', { kind: 'add-key', agencyId: 'th-msdhs', key: { ...key('th-msdhs#enc-b', 'enc'), jwk: key('th-msdhs#enc-b').jwk } }, 'invalid'],
    ['a revoke of an unknown key', { kind: 'revoke-key', agencyId: 'th-msdhs', kid: 'th-msdhs#sig-zz', at: now }, 'not-found'],
    ['an agency that exists', { kind: 'add-agency', agency: agency('la-mlsw') }, 'conflict'],
    ['a party that is no agency', { kind: 'put-agreement', id: 'la-th', patch: { parties: ['la-mlsw', 'xx-nobody'] } }, 'invalid'],
    ['a sender that is no party', { kind: 'put-agreement', id: 'la-th', patch: { send: { ...laTh.send, 'vn-mps': ['case.note'] } } }, 'invalid'],
    ['a new agreement without its fields', { kind: 'put-agreement', id: 'la-vn', patch: { languages: ['lo'] } }, 'invalid'],
    ['consular types outside la-national', { kind: 'put-agreement', id: 'la-th', patch: { send: { 'la-mlsw': ['consular.verification.request'] } } }, 'invalid'],
    ['a type that does not exist', { kind: 'put-agreement', id: 'la-th', patch: { send: { 'la-mlsw': ['case.gossip'] } } }, 'invalid'],
  ] as const)('refuses %s', (_what, change, code) => {
    const r = applyChange(base, change as never, now);
    expect(r.ok ? 'ok' : r.problem.code).toBe(code);
  });

  it('lets the police notice travel under a bilateral agreement, never under la-national (issue 16)', () => {
    const bilateral = applyChange(base, { kind: 'put-agreement', id: 'la-th', patch: { send: { ...laTh.send, 'th-msdhs': [...laTh.send['th-msdhs']!, 'consular.notification'] } } }, now);
    expect(bilateral.ok).toBe(true);
    const national = { ...laTh, id: 'la-national', send: { 'la-mlsw': ['consular.verification.result', 'consular.notification'] } } as Agreement;
    const refused = applyChange(base, { kind: 'put-agreement', id: 'la-national', patch: national }, now);
    expect(refused.ok ? 'ok' : refused.problem.message).toMatch(/consular.notification travels between countries/);
  });

  it('refuses to revoke a key twice', () => {
    const once = applyChange(base, { kind: 'revoke-key', agencyId: 'la-mlsw', kid: 'la-mlsw#sig-a', at: now }, now);
    if (!once.ok) throw new Error(once.problem.message);
    const twice = applyChange(once.value.snapshot, { kind: 'revoke-key', agencyId: 'la-mlsw', kid: 'la-mlsw#sig-a', at: now }, now);
    expect(!twice.ok && twice.problem.code).toBe('conflict');
  });

  it('edits an agreement in place and adds a new one', () => {
    const edited = applyChange(base, { kind: 'put-agreement', id: 'la-th', patch: { languages: ['lo', 'en'] } }, now);
    expect(edited.ok && edited.value.snapshot.agreements.map((a) => [a.languages, a.title])).toEqual([[['lo', 'en'], 'Lao-Thai MOU']]);
    const { id: _id, ...fields } = laTh;
    const added = applyChange(base, { kind: 'put-agreement', id: 'la-th-2', patch: fields }, now);
    expect(added.ok && added.value.summary).toBe('add agreement la-th-2');
  });
});
