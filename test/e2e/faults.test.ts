import { afterEach, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import type { NodeProcess } from '@mou-hub/infra';
import { spawnTestNode } from '../support/node-process.ts';
import { readNodeDb } from '../support/outbox-stats.ts';

const TOTAL = 1_000;
const THAI_EVERY = 10;
let fed: TestFederation | undefined;
const children: NodeProcess[] = [];

afterEach(async () => {
  // Children first: a node left running would keep reconnecting to the stopped server.
  for (const c of children.splice(0)) await c.kill('SIGKILL');
  await fed?.close();
  fed = undefined;
});

/**
 * Sends `count` case notes through the API, `parallel` at a time; calls `at(i)` before note i.
 * One note in ten is Thai: it opens a translation job at la-mlsw, whose status comes back
 * through the same faults; the rest are English (all Thai doubled this file's work).
 */
async function sendNotes(api: () => ApiClient, count: number, at: (i: number) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  const parallel = 16;
  for (let i = 0; i < count; i += parallel) {
    await at(i);
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, (_, k) =>
        sendWithRetry(api, { to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: (i + k) % THAI_EVERY === 0 ? 'th' : 'en', body: { text: `note ${i + k}` } }),
      ),
    );
    ids.push(...batch);
  }
  return ids;
}

async function sendWithRetry(api: () => ApiClient, message: Record<string, unknown>): Promise<string> {
  for (;;) {
    const res = await api().send(message).catch(() => undefined);
    if (res?.status === 202) return res.json.id as string;
    // A busy node answers 503 with Retry-After: a client waits and sends again, as an officer's page would.
    if (res?.status === 503) {
      await new Promise((r) => setTimeout(r, 1_000 * Number(res.json?.error?.details?.retryAfterSeconds ?? 1)));
      continue;
    }
    if (res) throw new Error(`send answered ${res.status}: ${JSON.stringify(res.json)}`);
    await new Promise((r) => setTimeout(r, 100)); // the node is restarting
  }
}

/** Waits until every note is delivered and received exactly once, with one receipt each. */
async function expectExactlyOnce(f: TestFederation, ids: string[]) {
  const sender = f.agency('th-msdhs').database;
  const recipient = f.agency('la-mlsw').database;
  await eventually(async () => (await readNodeDb(sender)).sent['delivered'] === TOTAL, 120_000, `${TOTAL} delivered`);
  const s = await readNodeDb(sender);
  expect(s.sent).toEqual({ delivered: TOTAL });
  const receiptsFor = s.received.filter((m) => m.type === 'receipt');
  expect(receiptsFor.length).toBeGreaterThanOrEqual(TOTAL);
  const r = await readNodeDb(recipient);
  const notes = r.received.filter((m) => m.type === 'case.note').map((m) => m.id);
  expect(notes).toHaveLength(TOTAL);
  expect(new Set(notes)).toEqual(new Set(ids));
  // Each Thai note's translation job reported back to the sender (its status messages arrived).
  await eventually(async () => {
    const statuses = (await readNodeDb(sender)).received.filter((m) => m.type === 'translation.status');
    return statuses.length >= TOTAL / THAI_EVERY;
  }, 60_000, 'a translation status for every Thai note');
}

describe('faults mid-traffic', () => {
  it('delivers all 1,000 exactly once when nats-server stops while they are sent, then comes back', async () => {
    fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
    const thai = await fed.api('th-msdhs');
    const f = fed;
    const ids = await sendNotes(() => thai, TOTAL, async (i) => {
      if (i === 304) await f.nats.stop();
      if (i === 704) await f.nats.restart();
    });
    await expectExactlyOnce(f, ids);
    // The outage showed in the metrics as publish attempts that failed and were retried.
    const metrics = await (await fetch(`${f.nodes.get('th-msdhs')!.url}/metrics`)).text();
    expect(Number(/mou_publish_failures_total\{[^}]*\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  }, 420_000);

  it('delivers all 1,000 exactly once when the recipient and then the sender are killed with SIGKILL and restarted', async () => {
    fed = await startTestFederation(['th-msdhs', 'la-mlsw'], { startNodes: false });
    const f = fed;
    const start = async (id: string) => {
      const child = await spawnTestNode(f.agency(id).configPath);
      children.push(child);
      return child;
    };
    let lao = await start('la-mlsw');
    let thai = await start('th-msdhs');
    const officer = f.agency('th-msdhs').officer;
    let api = await ApiClient.login(thai.url, officer.username, officer.password);
    const ids = await sendNotes(() => api, TOTAL, async (i) => {
      if (i === 320) {
        await lao.kill('SIGKILL');
        lao = await start('la-mlsw');
      }
      if (i === 640) {
        await thai.kill('SIGKILL');
        thai = await start('th-msdhs');
        api = await ApiClient.login(thai.url, officer.username, officer.password);
      }
    });
    await expectExactlyOnce(f, ids);
  }, 420_000);
});
