import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/api.ts';
import { CHAOS_PAIRS, readLedger, seededRandom, startChaosFederation, type ChaosFederation, type Ledger } from '../support/chaos.ts';

// The short variant runs in `pnpm test`; `pnpm chaos` runs 20,000 messages (README, "Proof under chaos").
const TOTAL = Number(process.env['CHAOS_MESSAGES'] ?? 800);
const SEED = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 24;
const DIRECTIONS = CHAOS_PAIRS.flatMap((p) => [
  { from: p.a, to: p.b, agreement: p.agreement },
  { from: p.b, to: p.a, agreement: p.agreement },
]);

let fed: ChaosFederation | undefined;
afterAll(async () => fed?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends through whatever process the agency has now; a node that is down is waited for. */
async function send(f: ChaosFederation, i: number): Promise<void> {
  const d = DIRECTIONS[i % DIRECTIONS.length]!;
  const message = { to: d.to, agreement: d.agreement, type: 'case.note', lang: 'en', body: { text: `chaos note ${i}` } };
  for (;;) {
    const res = await f.api(d.from).send(message).catch(() => undefined);
    if (res?.status === 202) return;
    // 503 with Retry-After is the node saying "busy"; anything else but a dead node is a bug.
    if (res && res.status !== 503) throw new Error(`send ${i} answered ${res.status}: ${JSON.stringify(res.json)}`);
    await sleep(100);
  }
}

/** Kills and restarts NATS servers (one at a time), crashes nodes, cuts the post's uplink, until `done()`. */
async function wreak(f: ChaosFederation, random: () => number, done: () => boolean, log: string[]): Promise<Record<string, number>> {
  const counts = { 'nats-kill': 0, 'node-crash': 0, 'uplink-cut': 0 };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const agencies = [...f.nodes.keys()];
  const started = Date.now();
  // The first three events are one of each kind, in a seeded order, so a short run has them all.
  const first = [0.2, 0.6, 0.9].sort(() => random() - 0.5);
  while (!done()) {
    await sleep(300 + random() * 1_200);
    const roll = first.shift() ?? random();
    const at = `${((Date.now() - started) / 1000).toFixed(1)}s`;
    if (roll < 0.4) {
      const i = Math.floor(random() * f.site.hubs.length);
      log.push(`${at} SIGKILL nats-server hub-${i + 1}`);
      await f.site.hubs[i]!.stop('SIGKILL');
      await sleep(300 + random() * 1_200);
      await f.site.hubs[i]!.restart();
      await sleep(1_000); // let it catch up before another may go: never two down at once
      counts['nats-kill']++;
    } else if (roll < 0.75) {
      const id = pick(agencies);
      log.push(`${at} SIGKILL agency node ${id}`);
      await f.crashNode(id, 200 + random() * 800);
      counts['node-crash']++;
    } else {
      const ms = 1_000 + random() * 3_000;
      log.push(`${at} cut the post's uplink for ${Math.round(ms)} ms`);
      f.site.link.cut();
      await sleep(ms);
      f.site.link.restore();
      counts['uplink-cut']++;
    }
  }
  return counts;
}

describe(`chaos: ${TOTAL} messages among four agencies on a 3-node cluster and a leaf node (seed ${SEED})`, () => {
  it('commits every message in exactly one inbox, every sender status delivered, no receipt missing', async () => {
    const startedAt = Date.now();
    fed = await startChaosFederation();
    const f = fed;
    const random = seededRandom(SEED);
    const log: string[] = [];
    let next = 0;
    let sending = true;
    const chaos = wreak(f, random, () => !sending, log);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) await send(f, next++);
      }),
    );
    sending = false;
    const events = await chaos;
    f.site.link.restore();

    const ids = [...f.nodes.keys()];
    const ledgers = new Map<string, Ledger>();
    await eventually(
      async () => {
        for (const id of ids) ledgers.set(id, await readLedger(f.database(id)));
        return [...ledgers.values()].every((l) => [...l.sent.values()].every((m) => m.status === 'delivered'));
      },
      180_000 + TOTAL * 10,
      'every sent message delivered',
    );

    let sent = 0;
    let committed = 0;
    let receiptsMissing = 0;
    for (const [id, ledger] of ledgers) {
      for (const [msgId, m] of ledger.sent) {
        sent++;
        // Exactly one inbox: the recipient's, from this sender; the inbox key makes a second copy impossible.
        expect(ledgers.get(m.to)!.received.get(msgId)).toBe(id);
        if (!m.settledBy || !ledger.receipts.has(m.settledBy)) receiptsMissing++;
      }
      committed += ledger.received.size;
    }
    const inOtherInboxes = ids.reduce((n, id) => n + [...ledgers.get(id)!.received.keys()].filter((k) => !ledgers.get(ledgers.get(id)!.received.get(k)!)?.sent.has(k)).length, 0);
    const summary = {
      seed: SEED,
      messages: sent,
      committed,
      duplicates: committed - sent,
      strays: inOtherInboxes,
      receiptsMissing,
      events,
      seconds: Math.round((Date.now() - startedAt) / 1000),
      restartFailures: f.restartFailures,
    };
    console.log(`chaos ${JSON.stringify(summary)}\n  ${log.join('\n  ')}\n  replay: CHAOS_SEED=${SEED} CHAOS_MESSAGES=${TOTAL} pnpm chaos`);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(committed).toBe(sent);
    expect(inOtherInboxes).toBe(0);
    expect(receiptsMissing).toBe(0);
  }, 300_000 + TOTAL * 60);
});
