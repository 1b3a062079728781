import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { directoryReadiness, registerDirectoryMetrics } from './directory-health.ts';

const status = { version: 7, hash: 'sha256:x', issued: '2026-01-01T00:00:00.000Z', loadedAt: '2026-01-01T00:00:01.000Z' };
const DAY = 86_400_000;

describe('directoryReadiness', () => {
  it.each([
    ['a fresh snapshot', new Date('2026-01-01T12:00:00.000Z'), undefined],
    ['one just at the limit', new Date('2026-01-02T00:00:00.000Z'), undefined],
    ['one older than the limit', new Date('2026-01-03T00:00:00.000Z'), 'stale: issued 2026-01-01T00:00:00.000Z, 172800 s ago, more than 86400 s'],
  ])('%s', (_what, now, warning) => {
    const r = directoryReadiness(status, now, DAY);
    expect(r).toEqual({ ok: true, detail: 'version 7', ...(warning ? { warning } : {}) });
  });

  it('says what it refused', () => {
    const r = directoryReadiness({ ...status, lastRefusal: { at: 'T', reason: 'rollback' } }, new Date(status.issued), DAY);
    expect(r.detail).toBe('version 7; refused a newer snapshot at T: rollback');
  });

  it('warns while the node runs on its stored snapshot, with its version and age, stale or not', () => {
    const fromStore = { since: '2026-01-01T06:00:00.000Z', error: 'NatsError: 503' };
    const half = directoryReadiness({ ...status, fromStore }, new Date('2026-01-01T12:00:00.000Z'), DAY);
    expect(half).toEqual({
      ok: true,
      detail: 'version 7',
      warning: 'started on its stored snapshot at 2026-01-01T06:00:00.000Z (version 7, issued 2026-01-01T00:00:00.000Z, 43200 s ago): the directory cannot be read (NatsError: 503)',
    });
    const old = directoryReadiness({ ...status, fromStore }, new Date('2026-01-03T00:00:00.000Z'), DAY);
    expect(old.warning).toMatch(/^started on its stored snapshot .*172800 s ago.*; stale: issued /);
  });
});

describe('registerDirectoryMetrics', () => {
  it('exposes the version, the age, and whether it is stale', async () => {
    const registry = new Registry();
    registerDirectoryMetrics(registry, () => status, DAY);
    const text = await registry.metrics();
    expect(text).toMatch(/^mou_directory_version 7$/m);
    expect(text).toMatch(/^mou_directory_stale 1$/m);
    const fresh = new Registry();
    registerDirectoryMetrics(fresh, () => ({ ...status, issued: new Date().toISOString() }), DAY);
    expect(await fresh.metrics()).toMatch(/^mou_directory_stale 0$/m);
    const age = Number(/^mou_directory_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThan((Date.now() - Date.parse(status.issued)) / 1000 - 5);
    expect(text).toMatch(/^mou_directory_from_store 0$/m);
    const stored = new Registry();
    registerDirectoryMetrics(stored, () => ({ ...status, fromStore: { since: status.loadedAt, error: 'unreachable' } }), DAY);
    expect(await stored.metrics()).toMatch(/^mou_directory_from_store 1$/m);
  });
});
