import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgencyDatabase } from '@mou-hub/agency';
import { connectBus, directoryKv, DIRECTORY_KEY, ensureAuditConsumer, ensureInboxConsumer, ensureStream } from '@mou-hub/bus';
import { openDatabase } from '@mou-hub/db';
import { prepareFederation, writeAgencyConfig, type NodeProcess, type PreparedFederation } from '@mou-hub/infra';
import { spawnTestNode } from './node-process.ts';
import { signDirectory } from '@mou-hub/protocol';
import { startLeafSite, type LeafSite } from '@mou-hub/testkit';
import { ApiClient } from './api.ts';

/** A deterministic generator (mulberry32): the same seed replays the same chaos. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which agreement each pair of the chaos federation talks under. */
export const CHAOS_PAIRS: readonly { a: string; b: string; agreement: string }[] = [
  { a: 'th-msdhs', b: 'la-mlsw', agreement: 'la-th' },
  { a: 'vn-mps', b: 'la-mlsw', agreement: 'la-vn' },
  { a: 'la-emb-beijing', b: 'la-mlsw', agreement: 'la-national' },
];
/** The agency whose node sits behind the leaf node. */
export const CHAOS_POST = 'la-emb-beijing';

/** Four agency processes on a 3-node cluster, one of them behind a leaf node with a cuttable uplink. */
export interface ChaosFederation {
  site: LeafSite;
  prepared: PreparedFederation;
  /** Current process of each agency (replaced on restart). */
  nodes: Map<string, NodeProcess>;
  /** An API client for the agency's current process (its tokens survive restarts). */
  api(id: string): ApiClient;
  /** SIGKILLs the agency's process and starts it again after `downMs` (retried until it starts); answers the attempts. */
  crashNode(id: string, downMs: number): Promise<number>;
  /** Restarts that failed before one succeeded, with why (printed in the summary). */
  restartFailures: string[];
  database(id: string): string;
  close(): Promise<void>;
}

/** Starts the chaos federation: cluster (R3 stream and directory), leaf, four node processes. */
export async function startChaosFederation(): Promise<ChaosFederation> {
  const ids = [...new Set(CHAOS_PAIRS.flatMap((p) => [p.a, p.b]))];
  const dataDir = mkdtempSync(join(tmpdir(), 'mou-chaos-'));
  const prepared = await prepareFederation(dataDir, {
    http: { host: '127.0.0.1', basePort: 0 },
    agencies: ids.map((id) => ({ id, officer: 'officer', roles: ['liaison-officer', 'embassy-desk'] })),
  });
  const site = await startLeafSite({ hubSize: 3 });
  const admin = await connectBus({ servers: [...site.hubUrls], name: 'chaos-admin' });
  await ensureStream(admin, { replicas: 3 });
  for (const id of ids) await ensureInboxConsumer(admin, id);
  await ensureAuditConsumer(admin);
  const kv = await directoryKv(admin, { create: true, replicas: 3 });
  await kv.put(DIRECTORY_KEY, await signDirectory(prepared.seed, prepared.rootKey));
  await admin.close();

  const agency = (id: string) => prepared.agencies.find((a) => a.id === id)!;
  const nodes = new Map<string, NodeProcess>();
  const tokens = new Map<string, string>();
  const restartFailures: string[] = [];
  for (const id of ids) {
    const a = agency(id);
    const atPost = id === CHAOS_POST;
    await writeAgencyConfig(prepared, a, atPost ? site.leaf.url : [...site.hubUrls], atPost ? { anonymous: true, domain: site.hubDomain } : { anonymous: true });
    nodes.set(id, await spawnTestNode(a.configPath, { timeoutMs: 60_000 }));
    const login = await ApiClient.login(nodes.get(id)!.url, a.officer.username, a.officer.password);
    tokens.set(id, login.token);
  }
  return {
    site,
    prepared,
    nodes,
    api: (id) => new ApiClient(nodes.get(id)!.url, tokens.get(id)!),
    async crashNode(id, downMs) {
      await nodes.get(id)!.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, downMs));
      // As the launcher does: a node that fails to come back is started again, until it does.
      for (let attempt = 1; ; attempt++) {
        try {
          nodes.set(id, await spawnTestNode(agency(id).configPath, { timeoutMs: 60_000 }));
          return attempt;
        } catch (error) {
          restartFailures.push(`${id} attempt ${attempt}: ${String(error).slice(0, 300)}`);
          if (attempt >= 10) throw error;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    },
    restartFailures,
    database: (id) => agency(id).database,
    async close() {
      for (const n of nodes.values()) await n.kill('SIGKILL');
      await site.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What one node's database says about the case notes it sent and received. */
export interface Ledger {
  /** Sent case notes: id → recipient, status and the receipt that settled it. */
  sent: Map<string, { to: string; status: string; settledBy: string | null }>;
  /** Received case notes: id → sender. */
  received: Map<string, string>;
  /** Ids of the receipts received. */
  receipts: Set<string>;
}

/** Reads a node's ledger from outside its process (WAL allows a second reader). */
export async function readLedger(file: string): Promise<Ledger> {
  const { db, close } = openDatabase<AgencyDatabase>(file);
  try {
    const sent = await db.selectFrom('outbox').select(['id', 'to_agency', 'status', 'settled_by']).where('type', '=', 'case.note').execute();
    const inbox = await db.selectFrom('inbox').select(['id', 'from_agency', 'type']).execute();
    return {
      sent: new Map(sent.map((r) => [r.id, { to: r.to_agency, status: r.status, settledBy: r.settled_by }])),
      received: new Map(inbox.filter((r) => r.type === 'case.note').map((r) => [r.id, r.from_agency])),
      receipts: new Set(inbox.filter((r) => r.type === 'receipt').map((r) => r.id)),
    };
  } finally {
    await close();
  }
}
