import { connect } from 'nats';
import { startCluster } from './cluster.ts';
import { freePorts } from './free-port.ts';
import { startLinkProxy, type LinkProxy } from './link-proxy.ts';
import { startNats, type NatsServer } from './nats-server.ts';

/** JetStream domain of the hub in a {@link LeafSite}. */
export const HUB_DOMAIN = 'hub';

/** The uplink of a post: one relay per hub server, cut and restored together. */
export interface Uplink {
  isUp(): boolean;
  cut(): void;
  restore(): void;
}

/** A hub (one server or a cluster) and one leaf node (an embassy or border post) joined through a link that can be cut. */
export interface LeafSite {
  /** The hub's servers: they hold the stream and the directory; agencies at the hub connect here. */
  readonly hubs: readonly NatsServer[];
  /** The first hub server. */
  readonly hub: NatsServer;
  /** Client URLs of every hub server. */
  readonly hubUrls: readonly string[];
  /** The post's leaf node: the post's agency node connects here only. */
  readonly leaf: NatsServer;
  /** The leaf's uplink to the hub. */
  readonly link: Uplink;
  /** JetStream domain of the hub: clients of the leaf reach the stream through it. */
  readonly hubDomain: string;
  /** Resolves once a request from the leaf is answered at the hub (after `link.restore()`, say). */
  waitJoined(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a hub (JetStream domain `hub`; one server, or a 3-node cluster with `hubSize: 3`) and a
 * leaf node with its own JetStream domain whose only route to the hub is a {@link LinkProxy} per
 * hub server, as `infra`'s `leafServerConfig` lays a post out. Free loopback ports, no broker users.
 *
 * @example
 * const site = await startLeafSite();
 * // the post's node: connectBus({ servers: site.leaf.url, domain: site.hubDomain })
 * site.link.cut(); …; site.link.restore(); await site.waitJoined();
 */
export async function startLeafSite(opts: { leafDomain?: string; hubSize?: 1 | 3 } = {}): Promise<LeafSite> {
  const size = opts.hubSize ?? 1;
  const leafPorts = await freePorts(size);
  // The links first, so that each hub server can advertise its own: a leaf reconnects to the URLs
  // the hub advertises, and would go around the link to the real port otherwise.
  const links = await Promise.all(leafPorts.map((port) => startLinkProxy(port)));
  const leafListen = (i: number) =>
    ['leafnodes {', `  listen: "127.0.0.1:${leafPorts[i]}"`, `  advertise: "127.0.0.1:${links[i]!.port}"`, '}'].join('\n');
  const stopLinks = () => Promise.all(links.map((l) => l.stop()));
  let hubs: NatsServer[];
  let stopHubs: () => Promise<void>;
  try {
    if (size === 1) {
      const hub = await startNats({ name: 'mou-hub', domain: HUB_DOMAIN, config: leafListen(0) });
      hubs = [hub];
      stopHubs = () => hub.stop();
    } else {
      const cluster = await startCluster(size, 30_000, { domain: HUB_DOMAIN, extraConfig: leafListen });
      hubs = [...cluster.servers];
      stopHubs = () => cluster.stop();
    }
  } catch (error) {
    await stopLinks();
    throw error;
  }
  const remotes = links.map((l) => `"nats-leaf://127.0.0.1:${l.port}"`).join(', ');
  const leaf = await startNats({
    name: 'mou-post',
    domain: opts.leafDomain ?? 'post',
    config: ['leafnodes {', '  reconnect: 1', '  remotes: [', `    { urls: [${remotes}] }`, '  ]', '}'].join('\n'),
  });
  const link: Uplink = {
    isUp: () => links.every((l) => l.isUp()),
    cut: () => links.forEach((l) => l.cut()),
    restore: () => links.forEach((l) => l.restore()),
  };
  const hubUrls = hubs.map((h) => h.url);
  const site: LeafSite = {
    hubs,
    hub: hubs[0]!,
    hubUrls,
    leaf,
    link,
    hubDomain: HUB_DOMAIN,
    waitJoined: (timeoutMs = 15_000) => waitLeafJoined(hubUrls, leaf, timeoutMs),
    async stop() {
      await leaf.stop();
      await stopLinks();
      await stopHubs();
    },
  };
  try {
    await site.waitJoined();
  } catch (error) {
    await site.stop();
    throw error;
  }
  return site;
}

// A request published on the leaf that a subscriber on the hub answers proves the route works
// both ways (interest has crossed the link), which is what the post's node needs.
async function waitLeafJoined(hubUrls: readonly string[], leaf: NatsServer, timeoutMs: number): Promise<void> {
  const hubConn = await connect({ servers: [...hubUrls] });
  const leafConn = await connect({ servers: leaf.url, maxReconnectAttempts: -1 });
  const subject = `_mou_probe.${process.pid}.${Date.now()}`;
  hubConn.subscribe(subject, { callback: (_err, msg) => msg.respond() });
  await hubConn.flush();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const answered = await leafConn.request(subject, undefined, { timeout: 300 }).then(() => true, () => false);
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`leaf node ${leaf.url} did not join the hub within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await leafConn.close();
    await hubConn.close();
  }
}
