import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { prepareFederation } from './prepare.ts';

const dir = mkdtempSync(join(tmpdir(), 'mou-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const prepare = (sub: string) => prepareFederation(join(dir, sub), { http: { host: '127.0.0.1', basePort: 0 }, agencies: [{ id: 'la-mlsw', officer: 'officer', roles: ['liaison-officer'] }] });
const costs = (conf: string) => [...new Set([...conf.matchAll(/"\$2a\$(\d\d)\$/g)].map((m) => Number(m[1])))];

describe("the local federation's broker passwords", () => {
  it('are bcrypt hashes at cost 10, or at MOU_NATS_BCRYPT_COST', async () => {
    vi.stubEnv('MOU_NATS_BCRYPT_COST', '');
    expect(costs((await prepare('default')).natsAuthorization)).toEqual([10]);
    vi.stubEnv('MOU_NATS_BCRYPT_COST', '4');
    expect(costs((await prepare('tests')).natsAuthorization)).toEqual([4]);
  });

  it.each(['3', '15', '4.5', 'ten'])('refuse MOU_NATS_BCRYPT_COST=%s with a clear error', async (value) => {
    vi.stubEnv('MOU_NATS_BCRYPT_COST', value);
    await expect(prepare(`bad-${value}`)).rejects.toThrow(/MOU_NATS_BCRYPT_COST must be an integer from 4 to 14/);
  });
});
