/**
 * What the evidence log costs (issue 19: "less than 10 % of the sustained end-to-end rate").
 * Two local federations as users run them (`pnpm start`: separate node processes, a real
 * nats-server, the directory and the audit witnessing heads every minute; the nodes of
 * th-msdhs, la-mlsw and la-secretariat only), one as deployed and one whose nodes run with the log off
 * (`MOU_EVIDENCE_LOG=off-for-benchmark-only`), both up at once; the same closed loop
 * (th-msdhs → la-mlsw English notes, 16 clients) runs against both at the same time, round
 * after round, so that whatever else loads the machine (it is shared) falls on both alike: run
 * one after the other, two rounds of the same federation differed by up to 40 % here.
 * `evidence_cost` = 1 − (rate with the log) / (rate without), each rate being all the notes
 * delivered over all the time taken in its rounds.
 *
 * Part of `pnpm bench`; alone: `pnpm exec tsx test/bench/evidence-cost.ts` (prints its table
 * and one JSON line, writes `.data/bench/evidence-cost.json`; `EVIDENCE_COST_ROUNDS` and
 * `EVIDENCE_COST_MESSAGES` change the 6 rounds of 500 notes a side).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@mou-hub/db';
import type { AgencyDatabase } from '@mou-hub/agency';
import { startBenchFederation, type BenchFederation } from './federation.ts';
import { cpuMs } from './stats.ts';
import { closedLoop, login, type LoadResult, type LoadTarget } from './load.ts';

/** The node setting that turns the log off; the node refuses any other value but `on`. */
const OFF_ENV = { MOU_EVIDENCE_LOG: 'off-for-benchmark-only' };
const SENDER = 'th-msdhs';
const RECIPIENT = 'la-mlsw';
/**
 * The nodes of each federation: the pair measured and la-secretariat (whose directory key the
 * audit witnesses with), so that two federations up at once do not crowd the machine.
 */
const NODES = [SENDER, RECIPIENT, 'la-secretariat'];
/** Issue 19's bound. */
export const EVIDENCE_COST_TARGET = 0.1;

export interface EvidenceCost {
  /** 1 − on/off: the share of the sustained rate the log takes (negative: within noise, the log side was faster). */
  cost: number;
  /**
   * 1 − (CPU per note without the log) / (CPU per note with it), CPU being what all the
   * federation's processes (nats-server, directory, audit, nodes) used in the rounds, from
   * /proc: on a machine whose cores the rate is bound by, the same share of the rate, and far
   * less moved by what else runs on the machine than a rate is.
   */
  cpuCost: number;
  /** CPU milliseconds per delivered note, with the log and without. */
  cpuMsPerNote: { on: number; off: number };
  onPerSecond: number;
  offPerSecond: number;
  rounds: { mode: 'on' | 'off'; result: LoadResult; cpuMs: number }[];
  /** Per round, 1 − on/off: the spread. */
  pairCosts: number[];
  /** What the two federations' nodes said of their log, checked after the rounds. */
  seen: { on: ModeSeen; off: ModeSeen };
  /** `os.loadavg()` before and after (1, 5, 15 min). */
  load: { before: number[]; after: number[] };
  messagesPerRound: number;
  clients: number;
}

interface ModeSeen { readyz: string; gauge: number; senderEntries: number; recipientEntries: number }

const federationCpuMs = (fed: BenchFederation): number => Object.values(fed.pids()).reduce((sum, pid) => sum + cpuMs(pid), 0);

/**
 * Starts a federation with `env` added to the launcher's environment (its node processes inherit
 * it). The launcher is spawned before `startBenchFederation` first awaits, so the variables are
 * put back at once and nothing else in this process sees them.
 */
function startWith(env: Record<string, string>): Promise<BenchFederation> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return startBenchFederation(120_000, NODES);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function targetOf(fed: BenchFederation): Promise<LoadTarget> {
  const sender = fed.agencies[SENDER]!;
  return {
    url: sender.httpUrl,
    token: await login(sender.httpUrl, sender.officer.username, sender.officer.password),
    to: RECIPIENT,
    agreement: 'la-th',
    database: fed.database(SENDER),
  };
}

async function entries(database: string): Promise<number> {
  const { db, close } = openDatabase<AgencyDatabase>(database);
  try {
    const row = await db.selectFrom('evidence_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await close();
  }
}

/** What a federation's sender node says of its log (`/readyz`, `/metrics`) and what both nodes hold. */
async function seen(fed: BenchFederation): Promise<ModeSeen> {
  const url = fed.agencies[SENDER]!.httpUrl;
  const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, { detail: string; warning?: string }> };
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const gauge = Number(/^mou_evidence_log_enabled(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1] ?? Number.NaN);
  const e = ready.checks['evidence'];
  return {
    readyz: e ? `${e.detail}${e.warning ? ` (${e.warning})` : ''}` : 'absent',
    gauge,
    senderEntries: await entries(fed.database(SENDER)),
    recipientEntries: await entries(fed.database(RECIPIENT)),
  };
}

/**
 * Measures the log's cost: `rounds` rounds of closed loops of `messages` notes at `clients`,
 * against both federations at once (`control`: both keep the log, to read the method's own
 * error). Throws when either federation is not in the mode it should be (a measurement of
 * nothing), or a round lost notes.
 */
export async function benchEvidenceCost(options: { rounds?: number; messages?: number; clients?: number; control?: boolean; say?: (s: string) => void } = {}): Promise<EvidenceCost> {
  const { rounds = 6, messages = 500, clients = 16, control = false, say = console.log } = options;
  const before = loadavg();
  say('  two federations: the log on (as deployed) and off (MOU_EVIDENCE_LOG=off-for-benchmark-only) …');
  const on = await startBenchFederation(120_000, NODES);
  let off: BenchFederation | undefined;
  try {
    off = control ? await startBenchFederation(120_000, NODES) : await startWith(OFF_ENV);
    const targets = { on: await targetOf(on), off: await targetOf(off) };
    say('  warm-up of each …');
    const warm = { on: await closedLoop(targets.on, 300, clients), off: await closedLoop(targets.off, 300, clients) };
    const done: EvidenceCost['rounds'] = [];
    const feds = { on, off };
    for (let i = 0; i < rounds; i++) {
      // Both at once: whatever else loads the machine then loads both alike, at the same instants.
      const cpu0 = { on: federationCpuMs(on), off: federationCpuMs(off) };
      const [rOn, rOff] = await Promise.all([closedLoop(targets.on, messages, clients), closedLoop(targets.off, messages, clients)]);
      for (const [mode, result] of [['on', rOn], ['off', rOff]] as const) {
        const cpu = federationCpuMs(feds[mode]) - cpu0[mode];
        // A 503 under load is an answer (the node sheds); an accepted note never delivered is a loss.
        if (result.delivered !== result.accepted) throw new Error(`evidence cost, log ${mode}: ${result.delivered} of ${result.accepted} accepted notes delivered: ${JSON.stringify(result)}`);
        say(`  round ${i + 1}, log ${mode}: ${result.deliveredPerSecond.toFixed(1)}/s, ${(cpu / result.delivered).toFixed(2)} ms CPU a note (${result.refused} refused)`);
        done.push({ mode, result, cpuMs: cpu });
      }
    }
    const seenOn = await seen(on);
    const seenOff = await seen(off);
    // The warm-up and the rounds: each note delivered is one entry at each end, and its receipt another.
    const sent = warm.on.delivered + done.filter((r) => r.mode === 'on').reduce((n, r) => n + r.result.delivered, 0);
    if (seenOn.gauge !== 1 || !seenOn.readyz.startsWith('on') || seenOn.senderEntries < 2 * sent || seenOn.recipientEntries < 2 * sent) {
      throw new Error(`the federation measured with the log on does not keep it: ${JSON.stringify(seenOn)}`);
    }
    if (!control && (seenOff.gauge !== 0 || !seenOff.readyz.startsWith('off') || seenOff.senderEntries !== 0 || seenOff.recipientEntries !== 0)) {
      throw new Error(`the federation measured with the log off keeps it, or does not say so: ${JSON.stringify(seenOff)}`);
    }
    const rate = (mode: 'on' | 'off') => {
      const mine = done.filter((r) => r.mode === mode).map((r) => r.result);
      const seconds = mine.reduce((s, r) => s + r.delivered / r.deliveredPerSecond, 0);
      return mine.reduce((s, r) => s + r.delivered, 0) / seconds;
    };
    const cpuPerNote = (mode: 'on' | 'off') => {
      const mine = done.filter((r) => r.mode === mode);
      return mine.reduce((s, r) => s + r.cpuMs, 0) / mine.reduce((s, r) => s + r.result.delivered, 0);
    };
    const cpuMsPerNote = { on: cpuPerNote('on'), off: cpuPerNote('off') };
    const onPerSecond = rate('on');
    const offPerSecond = rate('off');
    const pairCosts = Array.from({ length: rounds }, (_, i) => {
      const pair = done.slice(2 * i, 2 * i + 2);
      const r = (m: 'on' | 'off') => pair.find((p) => p.mode === m)!.result.deliveredPerSecond;
      return Number((1 - r('on') / r('off')).toFixed(3));
    });
    return {
      cost: Number((1 - onPerSecond / offPerSecond).toFixed(3)),
      cpuCost: Number((1 - cpuMsPerNote.off / cpuMsPerNote.on).toFixed(3)),
      cpuMsPerNote,
      onPerSecond,
      offPerSecond,
      rounds: done,
      pairCosts,
      seen: { on: seenOn, off: seenOff },
      load: { before, after: loadavg() },
      messagesPerRound: messages,
      clients,
    };
  } finally {
    await off?.stop();
    await on.stop();
  }
}

/** The line of the bench's table. */
export function describeEvidenceCost(c: EvidenceCost): string {
  return `${(100 * c.cost).toFixed(1)} % of the rate, ${(100 * c.cpuCost).toFixed(1)} % of the CPU a note takes (${c.cpuMsPerNote.on.toFixed(2)} / ${c.cpuMsPerNote.off.toFixed(2)} ms) (on ${c.onPerSecond.toFixed(1)}/s, off ${c.offPerSecond.toFixed(1)}/s; per round ${c.pairCosts.map((x) => `${(100 * x).toFixed(1)} %`).join(', ')}; load ${c.load.before[0]!.toFixed(2)} → ${c.load.after[0]!.toFixed(2)})`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Smaller or longer runs: EVIDENCE_COST_ROUNDS, EVIDENCE_COST_MESSAGES (per round and side).
  const n = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const rounds = n('EVIDENCE_COST_ROUNDS');
  const messages = n('EVIDENCE_COST_MESSAGES');
  const control = process.env['EVIDENCE_COST_CONTROL'] === '1';
  const c = await benchEvidenceCost({ ...(rounds ? { rounds } : {}), ...(messages ? { messages } : {}), control });
  if (control) console.log('\ncontrol: both federations keep the log; what follows is the method\'s own error, not a cost');
  const pass = c.cost < EVIDENCE_COST_TARGET;
  console.log(`\nevidence_cost: ${describeEvidenceCost(c)}; target < ${EVIDENCE_COST_TARGET}: ${pass ? 'PASS' : 'FAIL'}`);
  const dir = fileURLToPath(new URL('../../.data/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}evidence-cost.json`, `${JSON.stringify({ at: new Date().toISOString(), target: EVIDENCE_COST_TARGET, ...c }, null, 2)}\n`);
  console.log(JSON.stringify({ evidence_cost: c.cost, evidence_cpu_cost: c.cpuCost, evidence_on_per_s: Math.round(c.onPerSecond), evidence_off_per_s: Math.round(c.offPerSecond) }));
  process.exit(pass ? 0 : 1);
}
