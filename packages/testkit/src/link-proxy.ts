import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './free-port.ts';

/** A loopback TCP relay standing for a long-distance link (an embassy's or a border post's uplink). */
export interface LinkProxy {
  /** Port to dial instead of the target's. */
  readonly port: number;
  /** True while the link carries traffic. */
  isUp(): boolean;
  /** Cuts the link: every open connection is destroyed and new ones are dropped on arrival. */
  cut(): void;
  /** Restores the link: new connections are relayed again. */
  restore(): void;
  /** Closes the listener and every connection. */
  stop(): Promise<void>;
}

/**
 * Relays `127.0.0.1:<port>` to `127.0.0.1:<targetPort>` until `cut()`, so a test can take a link
 * down and bring it back while both ends keep running, as a satellite or a border-post line does.
 *
 * @example
 * const link = await startLinkProxy(hubLeafPort);
 * link.cut();      // the leaf node loses the hub
 * link.restore();  // it reconnects within its reconnect interval
 */
export async function startLinkProxy(targetPort: number): Promise<LinkProxy> {
  const open = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      open.add(s);
      s.once('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const dropAll = (): void => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    port,
    isUp: () => up,
    cut() {
      up = false;
      dropAll();
    },
    restore() {
      up = true;
    },
    async stop() {
      up = false;
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
