import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAuditConfig } from '@mou-hub/audit';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareFederation } from './prepare.ts';
import { auditServiceConfig } from './service-configs.ts';

const dir = mkdtempSync(join(tmpdir(), 'mou-service-configs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the local federation's audit configuration", () => {
  it("witnesses the evidence logs with la-secretariat's directory signing key, and parses as the audit parses it", async () => {
    const prepared = await prepareFederation(dir, { http: { host: '127.0.0.1', basePort: 0 }, agencies: [{ id: 'la-mlsw', officer: 'officer', roles: ['liaison-officer'] }] });
    // Only written and parsed, never dialled: a host that cannot resolve, no port.
    const config = parseAuditConfig(auditServiceConfig(prepared, { servers: 'nats://hub.invalid' }));
    expect(config.witnessKey?.kid).toMatch(/^la-secretariat#/);
    const listed = prepared.seed.agencies.find((a) => a.id === 'la-secretariat')!.keys.map((k) => k.kid);
    expect(listed).toContain(config.witnessKey!.kid);
  });
});
