/** End-to-end benchmark on a real federation: th-msdhs's API → outbox → NATS → la-mlsw → receipt → delivered. */
import { openDatabase } from '@mou-hub/db';
import type { AgencyDatabase } from '@mou-hub/agency';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { readNodeDb } from '../support/outbox-stats.ts';
import { mib, percentile, sleep, timed, type RunStats } from './stats.ts';

export interface E2eResults {
  messages: number;
  api: RunStats & { non202: number };
  /** From the first POST until the sender's DB shows all N delivered (or the deadline). */
  delivered: number;
  deliverSeconds: number;
  deliveredPerSecond: number;
  /** Seconds from the last 202 until all were delivered: the backlog drain. */
  drainSeconds: number;
  latency: { p50Ms: number; p99Ms: number; maxMs: number; samples: number };
  /** p50/p99 ms per stage: sender relay (queued→published), recipient inbox (published→received_at at la-mlsw), receipt back (received→delivered). */
  stages: Record<string, { p50Ms: number; p99Ms: number }>;
  rssMiB: { before: number; afterStart: number; afterLoad: number; growth: number };
  /** Delivered count seen at each poll: [seconds since first POST, delivered]. */
  progress: Array<[number, number]>;
}

export async function benchE2e(n = 2_000, concurrency = 32, deadlineMs = 75_000): Promise<E2eResults> {
  const rssBefore = process.memoryUsage().rss;
  let fed: TestFederation | undefined;
  try {
    fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
    const rssAfterStart = process.memoryUsage().rss;
    const thai = await fed.api('th-msdhs');
    const senderDb = fed.agency('th-msdhs').database;

    let non202 = 0;
    const started = performance.now();
    const api = await timed(n, concurrency, async (i) => {
      const res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: `บันทึกหมายเลข ${i}` } });
      if (res.status !== 202) non202++;
    });
    const accepted = n - non202;

    // Poll the sender's SQLite (not the API) every 200 ms until all accepted are delivered.
    const progress: Array<[number, number]> = [];
    let delivered = 0;
    while (performance.now() - started < deadlineMs) {
      delivered = (await readNodeDb(senderDb)).sent['delivered'] ?? 0;
      progress.push([(performance.now() - started) / 1000, delivered]);
      if (delivered >= accepted) break;
      await sleep(200);
    }
    const deliverSeconds = (performance.now() - started) / 1000;
    const rssAfterLoad = process.memoryUsage().rss;

    return {
      messages: n,
      api: { ...api.stats, non202 },
      delivered,
      deliverSeconds,
      deliveredPerSecond: delivered / deliverSeconds,
      drainSeconds: deliverSeconds - api.stats.seconds,
      ...(await stageLatencies(senderDb, fed.agency('la-mlsw').database)),
      rssMiB: { before: mib(rssBefore), afterStart: mib(rssAfterStart), afterLoad: mib(rssAfterLoad), growth: mib(rssAfterLoad - rssBefore) },
      progress,
    };
  } finally {
    await fed?.close();
  }
}

/** Per case.note, from the sender's outbox_events and the recipient's inbox.received_at. */
async function stageLatencies(senderFile: string, recipientFile: string) {
  const sender = openDatabase<AgencyDatabase>(senderFile);
  const recipient = openDatabase<AgencyDatabase>(recipientFile);
  try {
    const rows = await sender.db
      .selectFrom('outbox_events as e')
      .innerJoin('outbox as o', 'o.id', 'e.message_id')
      .select(['e.message_id', 'e.status', 'e.at'])
      .where('o.type', '=', 'case.note')
      .where('e.status', 'in', ['queued', 'published', 'delivered'])
      .execute();
    const at: Record<string, Map<string, number>> = { queued: new Map(), published: new Map(), delivered: new Map(), received: new Map() };
    for (const r of rows) at[r.status]!.set(r.message_id, Date.parse(r.at));
    const inbox = await recipient.db.selectFrom('inbox').select(['id', 'received_at']).where('type', '=', 'case.note').execute();
    for (const r of inbox) at['received']!.set(r.id, Date.parse(r.received_at));
    const span = (from: string, to: string) => {
      const ms: number[] = [];
      for (const [id, t] of at[to]!) {
        const f = at[from]!.get(id);
        if (f !== undefined) ms.push(t - f);
      }
      return ms;
    };
    const q = (ms: number[]) => ({ p50Ms: percentile(ms, 0.5), p99Ms: percentile(ms, 0.99) });
    const total = span('queued', 'delivered');
    return {
      latency: { ...q(total), maxMs: total.length ? Math.max(...total) : Number.NaN, samples: total.length },
      stages: {
        'queued→published (sender relay)': q(span('queued', 'published')),
        'published→received (la-mlsw inbox)': q(span('published', 'received')),
        'received→delivered (receipt back)': q(span('received', 'delivered')),
      },
    };
  } finally {
    await sender.close();
    await recipient.close();
  }
}
