import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsServerBinary } from './binary.ts';
import { track, trackTempDir } from './children.ts';
import { freePort } from './free-port.ts';
import { serverConfig } from './server-config.ts';

/** Options of {@link startNats}. */
export interface StartNatsOptions {
  /** Extra nats.conf text appended to the generated file, e.g. an `authorization` block. */
  config?: string;
  /** JetStream store_dir; a fresh temp folder by default. */
  storeDir?: string;
  /** Client port on 127.0.0.1; a free one by default. */
  port?: number;
  /** server_name; `mou-test-<port>` by default. */
  name?: string;
  /** JetStream domain; none by default. */
  domain?: string;
  /** How long to wait for "Server is ready"; 15 s by default. */
  readyTimeoutMs?: number;
  /**
   * The whole nats.conf instead of the generated one (a production configuration from infra),
   * given the port and store dir picked; `config`, `name` and `domain` are then ignored.
   */
  configText?: (at: { port: number; storeDir: string }) => string;
}

/** A nats-server process this kit started. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Pid of the current process (changes on restart). */
  readonly pid: number;
  readonly storeDir: string;
  readonly configPath: string;
  /** Signals its own pid (SIGTERM by default) and waits for it to exit (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it, then starts it again on the same port with the same store dir and config. */
  restart(): Promise<void>;
  /** False once the current process has exited (stopped, or killed from outside). */
  running(): boolean;
}

const READY = 'Server is ready';
const STOP_GRACE_MS = 10_000;

/**
 * Starts a real nats-server with JetStream on a free loopback port and a temp store dir,
 * resolving once it logs "Server is ready". Killed when the test process exits.
 *
 * @example
 * const server = await startNats();
 * const nc = await connect({ servers: server.url });
 * // …
 * await nc.close();
 * await server.stop();
 */
export async function startNats(opts: StartNatsOptions = {}): Promise<NatsServer> {
  const fixedPort = opts.port !== undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ ...opts, port: opts.port ?? (await freePort()) });
    } catch (error) {
      // The free port can be taken between freePort() and the server binding it.
      const portRace = String(error).includes('address already in use');
      if (fixedPort || !portRace || attempt >= 3) throw error;
    }
  }
}

async function startOnce(opts: StartNatsOptions & { port: number }): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mou-nats-'));
  trackTempDir(dir);
  const port = opts.port;
  const storeDir = opts.storeDir ?? join(dir, 'jetstream');
  const configPath = join(dir, 'nats.conf');
  const name = opts.name ?? `mou-test-${port}`;
  writeFileSync(configPath, opts.configText?.({ port, storeDir }) ?? serverConfig({ name, port, storeDir, domain: opts.domain, extra: opts.config }));
  const timeoutMs = opts.readyTimeoutMs ?? 15_000;

  let child = await spawnReady(configPath, timeoutMs);

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    await stopChild(child, signal);
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid ?? -1;
    },
    storeDir,
    configPath,
    stop,
    async restart() {
      await stop();
      child = await spawnReady(configPath, timeoutMs);
    },
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

function spawnReady(configPath: string, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(natsServerBinary(), ['-c', configPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  track(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(new Error(`nats-server (${configPath}) ${why}\n--- stderr ---\n${log}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      log = (log + chunk).slice(-16_384);
      if (log.includes(READY)) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume(); // keep draining so the server never blocks on a full pipe
        child.off('exit', onEarlyExit);
        resolve(child);
      }
    });
    child.once('error', (error) => fail(`failed to spawn: ${error.message}`));
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited early (code ${code}, signal ${signal})`);
    child.once('exit', onEarlyExit);
  });
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(grace);
}
