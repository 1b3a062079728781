/** The local federation as users run it (`pnpm start`), in a temp folder on free ports, for the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What `.data/federation.json` says of one agency (the fields the benchmark reads). */
export interface AgencyFacts {
  httpUrl: string;
  pid: number;
  officer: { username: string; password: string };
}

/** A running `pnpm start` federation. */
export interface BenchFederation {
  /** Seconds from spawning `pnpm start` to every node's `/readyz` answering 200. */
  readySeconds: number;
  agencies: Record<string, AgencyFacts>;
  /** The agency's SQLite file. */
  database(id: string): string;
  /** Resident memory of the agency's node process, from /proc. */
  rssMiB(id: string): number;
  /** The federation's processes (nats-server, directory, audit, each node) by name, as `federation.json` lists them. */
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Runs `infra/src/start.ts --fresh` with its own data folder and free ports (so a federation the
 * user has running is not touched) and waits until every node is ready; `only` names the
 * agencies that get a node (all of `infra/federation.json` when absent).
 */
export async function startBenchFederation(timeoutMs = 60_000, only?: readonly string[]): Promise<BenchFederation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mou-bench-'));
  const file = JSON.parse(readFileSync(join(ROOT, 'infra', 'federation.json'), 'utf8')) as { http: { basePort: number }; agencies: { id: string }[] };
  file.http.basePort = 0;
  // `only`: just these agencies' nodes (a measurement that needs two federations up at once).
  if (only) file.agencies = file.agencies.filter((a) => only.includes(a.id));
  const fileCopy = join(dataDir, 'federation-file.json');
  writeFileSync(fileCopy, JSON.stringify(file));
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra', 'src', 'start.ts'), '--fresh'], {
    cwd: ROOT,
    // No LOG_LEVEL here: the launcher knows a node is up from its info line "agency node started",
    // and the nodes log as users run them.
    env: { ...process.env, MOU_DATA_DIR: join(dataDir, 'data'), MOU_FEDERATION_FILE: fileCopy },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-8_000)));
  child.stderr!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-8_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const factsFile = join(dataDir, 'data', 'federation.json');
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    // A launcher killed before it stopped its children leaves them running (a directory and an
    // audit process were found still up after the bench): each process it recorded is ended too.
    for (const pid of recordedPids(factsFile)) {
      try {
        // Only a process of this federation (its environment names this data folder), never a
        // process that took a freed pid.
        if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`MOU_DATA_DIR=${join(dataDir, 'data')}`)) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const agencies = await waitReady(factsFile, started + timeoutMs, () => child.exitCode !== null);
    const readySeconds = (performance.now() - started) / 1000;
    return {
      readySeconds,
      agencies,
      database: (id) => join(dataDir, 'data', 'agencies', id, 'agency.db'),
      rssMiB: (id) => {
        const status = readFileSync(`/proc/${agencies[id]!.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
      },
      pids: () => {
        const facts = JSON.parse(readFileSync(factsFile, 'utf8')) as { nats?: { pid?: number }; directory?: { pid?: number }; audit?: { pid?: number } };
        const services = { nats: facts.nats?.pid, directory: facts.directory?.pid, audit: facts.audit?.pid };
        const all = { ...services, ...Object.fromEntries(Object.entries(agencies).map(([id, a]) => [id, a.pid])) };
        return Object.fromEntries(Object.entries(all).filter((e): e is [string, number] => typeof e[1] === 'number'));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`the federation did not come up: ${String(error)}\n${output}`);
  }
}

/** The pids the launcher wrote to its facts file (NATS, directory, audit, each node); none if it wrote none. */
function recordedPids(factsFile: string): number[] {
  if (!existsSync(factsFile)) return [];
  const facts = JSON.parse(readFileSync(factsFile, 'utf8')) as { nats?: { pid?: number }; directory?: { pid?: number }; audit?: { pid?: number }; agencies?: Record<string, { pid?: number }> };
  const pids = [facts.nats?.pid, facts.directory?.pid, facts.audit?.pid, ...Object.values(facts.agencies ?? {}).map((a) => a.pid)];
  return pids.filter((p): p is number => typeof p === 'number' && p > 0);
}

async function waitReady(factsFile: string, deadline: number, dead: () => boolean): Promise<Record<string, AgencyFacts>> {
  for (;;) {
    if (dead()) throw new Error('pnpm start exited');
    if (performance.now() > deadline) throw new Error('not ready in time');
    if (existsSync(factsFile)) {
      const facts = JSON.parse(readFileSync(factsFile, 'utf8')) as { agencies: Record<string, AgencyFacts> };
      const ready = await Promise.all(
        Object.values(facts.agencies).map((a) => fetch(`${a.httpUrl}/readyz`).then((r) => r.status === 200, () => false)),
      );
      if (ready.every(Boolean)) return facts.agencies;
    }
    await sleep(100);
  }
}
