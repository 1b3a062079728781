import { connect } from 'nats';
import { freePort } from './free-port.ts';
import { startLinkProxy, type LinkProxy } from './link-proxy.ts';
import { startNats, type NatsServer } from './nats-server.ts';

/** JetStream domain of the hub in a {@link LeafSite}. */
export const HUB_DOMAIN = 'hub';

/** A hub server and one leaf node (an embassy or border post) joined through a link that can be cut. */
export interface LeafSite {
  /** The hub: holds the stream and the directory; agencies at the hub connect here. */
  readonly hub: NatsServer;
  /** The post's leaf node: the post's agency node connects here only. */
  readonly leaf: NatsServer;
  /** The leaf's uplink to the hub. */
  readonly link: LinkProxy;
  /** JetStream domain of the hub: clients of the leaf reach the stream through it. */
  readonly hubDomain: string;
  /** Resolves once the leaf is joined to the hub again (after `link.restore()`). */
  waitJoined(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a hub (JetStream domain `hub`, a leaf listener) and a leaf node with its own
 * JetStream domain whose only route to the hub is a {@link LinkProxy}, as `infra`'s
 * `leafServerConfig` lays a post out. Both on free loopback ports, without broker users.
 *
 * @example
 * const site = await startLeafSite();
 * // the post's node: connectBus({ servers: site.leaf.url, domain: site.hubDomain })
 * site.link.cut(); …; site.link.restore(); await site.waitJoined();
 */
export async function startLeafSite(opts: { leafDomain?: string; hubConfig?: string } = {}): Promise<LeafSite> {
  const hubLeafPort = await freePort();
  // The link first, so that the hub can advertise it: a leaf reconnects to the URLs the hub
  // advertises, and would go around the link to the real port otherwise.
  const link = await startLinkProxy(hubLeafPort);
  const hub = await startNats({
    name: 'mou-hub',
    domain: HUB_DOMAIN,
    config: ['leafnodes {', `  listen: "127.0.0.1:${hubLeafPort}"`, `  advertise: "127.0.0.1:${link.port}"`, '}', opts.hubConfig ?? ''].join('\n'),
  }).catch(async (error: unknown) => {
    await link.stop();
    throw error;
  });
  const leaf = await startNats({
    name: 'mou-post',
    domain: opts.leafDomain ?? 'post',
    config: ['leafnodes {', '  reconnect: 1', '  remotes: [', `    { url: "nats-leaf://127.0.0.1:${link.port}" }`, '  ]', '}'].join('\n'),
  });
  const site: LeafSite = {
    hub,
    leaf,
    link,
    hubDomain: HUB_DOMAIN,
    waitJoined: (timeoutMs = 15_000) => waitLeafJoined(hub, leaf, timeoutMs),
    async stop() {
      await leaf.stop();
      await link.stop();
      await hub.stop();
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
async function waitLeafJoined(hub: NatsServer, leaf: NatsServer, timeoutMs: number): Promise<void> {
  const hubConn = await connect({ servers: hub.url });
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
