/**
 * Issue 21, "shed before the socket starves": a node flooded far past what it can carry answers
 * every request (202, or 503/429 with Retry-After) and lets none time out. Counted, not timed:
 * the node runs in its own process, as in production, and the flood comes from this one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeProcess } from '@mou-hub/infra';
import { spawnTestNode } from '../support/node-process.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';

const SECONDS = Number(process.env['FLOOD_SECONDS'] ?? 4);
/** A client gives up after this long (the benchmark's time-out too). */
const CLIENT_TIMEOUT_MS = 10_000;

let fed: TestFederation;
const children: NodeProcess[] = [];
let thai: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw'], { startNodes: false });
  for (const id of ['la-mlsw', 'th-msdhs']) children.push(await spawnTestNode(fed.agency(id).configPath));
  const officer = fed.agency('th-msdhs').officer;
  thai = await ApiClient.login(children[1]!.url, officer.username, officer.password);
}, 120_000);
afterAll(async () => {
  for (const c of children) await c.kill('SIGKILL');
  await fed?.close();
});

type Answer = { status: number; retryAfter: string | null } | { error: string };

/** One note through the API; a time-out or a connection error is an `error`. */
async function send(i: number): Promise<Answer> {
  try {
    const res = await fetch(`${thai.baseUrl}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${thai.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'en', body: { text: `flood ${i}` } }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { error: e.cause?.code ?? e.name };
  }
}

/** Notes accepted per second by 16 clients sending back to back for 3 s: what the node carries on this machine now. */
async function sustainedRate(): Promise<number> {
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async (_, k) => {
      for (let i = 0; performance.now() - started < 3_000; i++) {
        const a = await send(k * 10_000 + i);
        if ('status' in a && a.status === 202) accepted++;
      }
    }),
  );
  return accepted / ((performance.now() - started) / 1000);
}

describe('a flood', () => {
  it(`at 3× the sustained rate for ${SECONDS} s: every request answered (202, or 503/429 with Retry-After), none timed out; the node serves again after`, async () => {
    // The machine's speed (and its other tenants) set the rate: 3× what the node carries now.
    const RATE = Number(process.env['FLOOD_RATE'] ?? Math.max(10, Math.round(3 * (await sustainedRate()))));
    const calls: Promise<Answer>[] = [];
    const first = performance.now();
    for (let i = 0; i < RATE * SECONDS; i++) {
      const wait = first + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      calls.push(send(i));
    }
    const answers = await Promise.all(calls);
    const count = (f: (a: Answer) => boolean) => answers.filter(f).length;
    const tally = {
      accepted: count((a) => 'status' in a && a.status === 202),
      shed: count((a) => 'status' in a && (a.status === 503 || a.status === 429) && a.retryAfter !== null),
      other: count((a) => 'status' in a && ![202, 503, 429].includes(a.status)),
      shedWithoutRetryAfter: count((a) => 'status' in a && (a.status === 503 || a.status === 429) && a.retryAfter === null),
      errors: count((a) => 'error' in a),
    };
    const errorKinds = [...new Set(answers.flatMap((a) => ('error' in a ? [a.error] : [])))];
    console.log(`flood ${RATE}/s × ${SECONDS} s:`, JSON.stringify(tally), errorKinds.join(' '));
    expect({ ...tally, errorKinds }).toMatchObject({ other: 0, shedWithoutRetryAfter: 0, errors: 0, errorKinds: [] });
    expect(tally.accepted).toBeGreaterThan(0);
    // Afterwards the node takes messages again (once the outbox drained, the load monitor calmed).
    await eventually(async () => (await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'en', body: { text: 'after' } })).status === 202, 60_000, 'a 202 after the flood');
  }, 180_000);
});
