/** Load against a running federation's API: closed loop (sustained rate), open loop (latency at a rate), overload. */
import http from 'node:http';
import { openDatabase } from '@mou-hub/db';
import type { AgencyDatabase } from '@mou-hub/agency';
import { percentile, sleep } from './stats.ts';

/** Where to send, and as whom. */
export interface LoadTarget {
  url: string;
  token: string;
  to: string;
  agreement: string;
  /** The sender's SQLite file, read (not written) to see when messages are delivered. */
  database: string;
  /**
   * The notes' language: `en` (a working language of both sides: one message and one receipt
   * per note) or `th` (la-mlsw opens a translation job, whose `translation.status` comes back).
   */
  lang?: 'en' | 'th';
}

const NOTE_TEXT = { en: (i: number) => `Note number ${i}`, th: (i: number) => `บันทึกหมายเลข ${i}: ติดตามครอบครัวแล้ว` };

/** Logs in with the officer's credentials; answers the bearer token. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login at ${url}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

type Outcome = { id: string } | { status: number; retryAfterS?: number } | { error: string };

/**
 * Connections kept open between calls, as many as the calls in flight. Node's own HTTP client,
 * not `fetch`: measured on this machine, undici's fetch took 1.1 ms of the load generator's CPU
 * a call against 0.27 ms here (6,000 calls, 32 at a time, to a server that answers at once),
 * and the load generator shares the two cores with the federation it measures.
 */
const agent = new http.Agent({ keepAlive: true });

/** One JSON `POST` to `url` with a bearer token: its status, `Retry-After` and body; rejects on a time-out or a broken connection. */
function postJson(url: string, token: string, body: string, timeoutMs: number): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], text });
        });
        res.on('error', reject);
      },
    );
    // The whole call, as `AbortSignal.timeout` bounded it: no answer in time is a `TimeoutError`.
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** One `POST /api/v1/messages` with a case note in the target's language; never throws. */
async function sendNote(t: LoadTarget, i: number, timeoutMs = 10_000): Promise<Outcome> {
  try {
    const body = JSON.stringify({ to: t.to, agreement: t.agreement, type: 'case.note', lang: t.lang ?? 'en', body: { text: NOTE_TEXT[t.lang ?? 'en'](i) } });
    const res = await postJson(`${t.url}/api/v1/messages`, t.token, body, timeoutMs);
    if (res.status === 202) return { id: (JSON.parse(res.text) as { id: string }).id };
    const retryAfter = Number(res.retryAfter);
    return Number.isFinite(retryAfter) && retryAfter > 0 ? { status: res.status, retryAfterS: retryAfter } : { status: res.status };
  } catch (error) {
    // A time-out (TimeoutError) or why the connection failed (ECONNRESET, ECONNREFUSED, …).
    const e = error as Error & { code?: string };
    return { error: e.name === 'TimeoutError' ? e.name : (e.code ?? e.name) };
  }
}

/** When each message reached `delivered`, from the sender's outbox history (ms since epoch). */
async function deliveredAt(database: string, ids: ReadonlySet<string>): Promise<Map<string, number>> {
  const { db, close } = openDatabase<AgencyDatabase>(database);
  try {
    // By id through the `outbox_events_message` index: the seeded nodes hold 100,000 delivered messages.
    const all = [...ids];
    const found = new Map<string, number>();
    for (let i = 0; i < all.length; i += 500) {
      const rows = await db
        .selectFrom('outbox_events')
        .select(['message_id', 'at'])
        .where('message_id', 'in', all.slice(i, i + 500))
        .where('status', '=', 'delivered')
        .execute();
      for (const r of rows) found.set(r.message_id, Date.parse(r.at));
    }
    return found;
  } finally {
    await close();
  }
}

/** Waits until every id is delivered (or the deadline); answers when each was. */
async function waitDelivered(t: LoadTarget, sentAt: Map<string, number>, timeoutMs: number): Promise<Map<string, number>> {
  const ids = new Set(sentAt.keys());
  const until = Date.now() + timeoutMs;
  for (;;) {
    const done = await deliveredAt(t.database, ids);
    if (done.size === ids.size || Date.now() > until) return done;
    await sleep(250);
  }
}

/** Latency (API call to delivered) and throughput of one run. */
export interface LoadResult {
  offered: number;
  accepted: number;
  refused: number;
  errors: number;
  delivered: number;
  /** Delivered per second, from the first call to the last delivery. */
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Errors by kind: `TimeoutError` (no answer within the client's time-out) or the connection's error code. */
  errorKinds: Record<string, number>;
  /** Open loop: per second of sending, how the calls sent in it ended (`202/503/err`), to see when errors come. */
  timeline?: string[];
}

function summarize(offered: number, outcomes: Outcome[], sentAt: Map<string, number>, done: Map<string, number>, first: number): LoadResult {
  const latencies = [...done].map(([id, at]) => at - sentAt.get(id)!);
  const last = Math.max(first, ...done.values());
  const errorKinds: Record<string, number> = {};
  for (const o of outcomes) if ('error' in o) errorKinds[o.error] = (errorKinds[o.error] ?? 0) + 1;
  return {
    errorKinds,
    offered,
    accepted: sentAt.size,
    refused: outcomes.filter((o) => 'status' in o).length,
    errors: outcomes.filter((o) => 'error' in o).length,
    delivered: done.size,
    deliveredPerSecond: done.size / ((last - first) / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/**
 * Closed loop: `concurrency` clients send `count` notes back to back; a client told to come back
 * later (503 or 429 with `Retry-After`) waits that long first, as the console and a post's
 * client do, instead of asking again at once (64 clients asking again at once measured how fast
 * the node refuses, not how fast it delivers).
 */
export async function closedLoop(t: LoadTarget, count: number, concurrency: number): Promise<LoadResult> {
  const sentAt = new Map<string, number>();
  const outcomes: Outcome[] = [];
  let next = 0;
  const first = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const at = Date.now();
        const o = await sendNote(t, i);
        outcomes.push(o);
        if ('id' in o) sentAt.set(o.id, at);
        if ('retryAfterS' in o && o.retryAfterS) await sleep(o.retryAfterS * 1000);
      }
    }),
  );
  return summarize(count, outcomes, sentAt, await waitDelivered(t, sentAt, 120_000), first);
}

/** Open loop: `rate` notes a second for `seconds`, whatever the answers (as independent officers would). */
export async function openLoop(t: LoadTarget, rate: number, seconds: number, timeoutMs = 10_000): Promise<LoadResult> {
  const count = Math.round(rate * seconds);
  const sentAt = new Map<string, number>();
  const calls: Promise<Outcome>[] = [];
  const first = Date.now();
  for (let i = 0; i < count; i++) {
    const due = first + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const at = Date.now();
    calls.push(
      sendNote(t, i, timeoutMs).then((o) => {
        if ('id' in o) sentAt.set(o.id, at);
        return o;
      }),
    );
  }
  const outcomes = await Promise.all(calls);
  // The calls of each second of sending, by outcome: accepted/refused/errors.
  const timeline = Array.from({ length: Math.ceil(seconds) }, (_, s) => {
    const of = outcomes.filter((_, i) => Math.floor(i / rate) === s);
    return `${of.filter((o) => 'id' in o).length}/${of.filter((o) => 'status' in o).length}/${of.filter((o) => 'error' in o).length}`;
  });
  return { ...summarize(count, outcomes, sentAt, await waitDelivered(t, sentAt, 120_000), first), timeline };
}
