import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAgencyBundle } from './node-bundle.ts';

describe('buildAgencyBundle', () => {
  it('builds one ES module that loads every module of the node without tsx', async () => {
    const bundle = await buildAgencyBundle();
    expect(bundle).toMatch(/services\/agency\/\.build\/main\.mjs$/);
    // The native addon is imported from where pnpm put it, not bundled.
    expect(readFileSync(bundle!, 'utf8')).toMatch(/from "\/[^"]*better-sqlite3[^"]*"/);
    // Static imports are evaluated before main.ts reads its arguments: reaching the usage line
    // proves the whole graph loads (a missing module or a bad require would fail first).
    const run = spawnSync(process.execPath, [bundle!], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, AGENCY_CONFIG: '' } });
    expect(run.stderr).toContain('usage: main.ts <agency config JSON file>');
    expect(run.status).toBe(2);
  }, 90_000);
});
