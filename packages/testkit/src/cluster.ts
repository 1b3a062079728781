import { connect } from 'nats';
import { freePorts } from './free-port.ts';
import { startNats, type NatsServer } from './nats-server.ts';

/** A JetStream cluster this kit started. */
export interface NatsCluster {
  readonly servers: readonly NatsServer[];
  /** Client URLs of every node, for `connect({ servers: urls })`. */
  readonly urls: readonly string[];
  /** Stops every node. */
  stop(): Promise<void>;
}

/** Extras for {@link startCluster}. */
export interface ClusterOptions {
  /** JetStream domain of the cluster (leaf nodes reach it by this name). */
  domain?: string;
  /** More nats.conf text for server `i` (a leaf listener, say). */
  extraConfig?: (i: number) => string;
}

/**
 * Starts `size` JetStream servers clustered on free loopback ports, each with its own
 * store dir and server_name, and resolves once the JetStream meta leader is elected and a
 * stream with a replica on every server can be placed.
 *
 * @example
 * const cluster = await startCluster();
 * const nc = await connect({ servers: [...cluster.urls] });
 * await (await nc.jetstreamManager()).streams.add({ name: 'S', subjects: ['s.>'], num_replicas: 3 });
 */
export async function startCluster(size = 3, readyTimeoutMs = 30_000, opts: ClusterOptions = {}): Promise<NatsCluster> {
  const ports = await freePorts(size * 2);
  const clientPorts = ports.slice(0, size);
  const routePorts = ports.slice(size);
  const routes = routePorts.map((p) => `"nats-route://127.0.0.1:${p}"`).join(', ');
  const servers = await Promise.all(
    clientPorts.map((port, i) =>
      startNats({
        port,
        name: `mou-node-${i + 1}`,
        ...(opts.domain ? { domain: opts.domain } : {}),
        config: [
          'cluster {',
          '  name: "mou-test"',
          `  listen: "127.0.0.1:${routePorts[i]}"`,
          `  routes: [${routes}]`,
          '}',
          opts.extraConfig?.(i) ?? '',
        ].join('\n'),
      }),
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  const urls = servers.map((s) => s.url);
  try {
    await waitForPlacement(urls, size, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, urls, stop };
}

/**
 * Account info answers once the meta group has a leader; a stream replicated on every server can
 * be placed only once each has reported in to it (before that: `no suitable peers for placement`,
 * 10005). A probe stream is added and deleted again to know both.
 */
async function waitForPlacement(urls: string[], size: number, timeoutMs: number): Promise<void> {
  const nc = await connect({ servers: urls });
  const deadline = Date.now() + timeoutMs;
  const retry = async (what: string, op: () => Promise<unknown>): Promise<void> => {
    for (;;) {
      try {
        await op();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${what}: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  try {
    const jsm = await nc.jetstreamManager({ checkAPI: false, timeout: 1_000 });
    await retry('no JetStream meta leader', () => jsm.getAccountInfo());
    await retry(`no placement on ${size} servers`, () => jsm.streams.add({ name: 'TESTKIT_READY', subjects: ['testkit.ready'], num_replicas: size }));
    await jsm.streams.delete('TESTKIT_READY');
  } finally {
    await nc.close();
  }
}
