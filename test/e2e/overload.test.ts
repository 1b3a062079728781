import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBodies } from '@mou-hub/protocol';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';

let fed: TestFederation;
let thai: ApiClient;
const DEPTH = 5;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw'], { startNodes: false });
  // A low limit drives saturation by count, not by timing: the outbox fills while the broker is down.
  // The busy-loop limits (in-flight halving, the write rate) are off (utilization never passes 1):
  // on a shared machine they may refuse first, and this test is about the outbox.
  const path = fed.agency('th-msdhs').configPath;
  const config = JSON.parse(readFileSync(path, 'utf8'));
  config.limits = { ...config.limits, overload: { maxEventLoopDelayMs: 5_000, maxEventLoopUtilization: 1, maxOutboxDepth: DEPTH, retryAfterSeconds: 1 } };
  writeFileSync(path, JSON.stringify(config));
  await fed.startNode('th-msdhs');
  await fed.startNode('la-mlsw');
  thai = await fed.api('th-msdhs');
});
afterAll(() => fed?.close());

const note = (thid: string) => ({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', thid, body: structuredClone(exampleBodies['case.note']) });

describe('overload', () => {
  it('answers 503 with Retry-After quickly once the outbox is past its limit, keeps /healthz up, and takes messages again once it drains', async () => {
    const first = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'repatriation.request', lang: 'th', body: structuredClone(exampleBodies['repatriation.request']) });
    const thid = first.json.id as string;
    await thai.waitForStatus(thid, ['delivered']);

    await fed.nats.stop();
    const statuses: number[] = [];
    const busy = await eventually(async () => {
      const started = performance.now();
      const res = await fetch(`${thai.baseUrl}/api/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${thai.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(note(thid)),
      });
      statuses.push(res.status);
      return res.status === 503 ? { res, ms: performance.now() - started } : undefined;
    }, 20_000, 'a 503');
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(DEPTH);
    expect(busy.res.headers.get('retry-after')).toBe('1');
    expect(await busy.res.json()).toMatchObject({ error: { code: 'overloaded', details: { code: 'outbox-saturated' } } });
    expect(busy.ms).toBeLessThan(500);

    const health = await fetch(`${thai.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = (await (await fetch(`${thai.baseUrl}/readyz`)).json()) as { checks: { load: { warning?: string } } };
    expect(ready.checks.load.warning).toMatch(/outbox-saturated/);

    await fed.nats.restart();
    await eventually(async () => (await thai.send(note(thid))).status === 202, 30_000, 'the outbox to drain');
  });
});
