import {
  connect,
  DebugEvents,
  Events,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';

/** Connection state as readiness probes see it. */
export type BusStatus = 'connected' | 'disconnected' | 'reconnecting' | 'closed';

/** Options of {@link connectBus}. */
export interface ConnectBusOptions {
  /** One URL or several (cluster nodes, a leaf node). */
  servers: string | string[];
  /** NATS user of this agency or service. */
  user?: string;
  /** Its password. */
  pass?: string;
  /** Connection name shown by the server's monitoring. */
  name?: string;
  /**
   * Prefix of this client's reply subjects. Under the generated broker permissions each user
   * may only subscribe to its own prefix (`_INBOX_<agency>`), so it cannot read others' replies.
   */
  inboxPrefix?: string;
  /**
   * JetStream domain of the stream's servers, for a node behind a leaf node (an embassy or a
   * border post): the leaf has a JetStream of its own, so the hub's is reached by its domain.
   */
  domain?: string;
  /**
   * The CA that signed the servers' TLS certificates, when it is not one the system trusts (a
   * hub's own CA). Services started by a launcher get it through NODE_EXTRA_CA_CERTS instead.
   */
  tls?: { caFile: string };
}

/** A NATS connection with JetStream, reconnecting forever. */
export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  /** The JetStream manager, made on first use (needs API permissions the client may lack). */
  jsm(): Promise<JetStreamManager>;
  /** True between a (re)connect and the next disconnect. */
  isConnected(): boolean;
  /** Calls `listener` on each status change; returns a function that unsubscribes. */
  onStatus(listener: (status: BusStatus) => void): () => void;
  /** Drains (at most 5 s, and only while connected) and closes the connection. */
  close(): Promise<void>;
}

/**
 * Connects to NATS and keeps reconnecting forever; resolves on the first connection
 * (it waits while no server answers).
 *
 * @example
 * const bus = await connectBus({ servers: config.nats.servers, user: 'la-mlsw', pass, inboxPrefix: '_INBOX_la-mlsw' });
 * bus.onStatus((s) => log.info({ nats: s }));
 */
export async function connectBus(opts: ConnectBusOptions): Promise<Bus> {
  const nc = await connect({
    servers: opts.servers,
    user: opts.user,
    pass: opts.pass,
    name: opts.name,
    ...(opts.inboxPrefix ? { inboxPrefix: opts.inboxPrefix } : {}),
    ...(opts.tls ? { tls: { caFile: opts.tls.caFile } } : {}),
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
  });
  // checkAPI false: no `$JS.API.INFO` (the account's totals), which agencies may not read.
  const jsOpts = { checkAPI: false, ...(opts.domain ? { domain: opts.domain } : {}) };
  const js = nc.jetstream(jsOpts);
  let status: BusStatus = 'connected';
  const listeners = new Set<(status: BusStatus) => void>();
  const set = (next: BusStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener(next);
  };

  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === Events.Disconnect) set('disconnected');
      else if (s.type === Events.Reconnect) set('connected');
      else if (s.type === DebugEvents.Reconnecting) set('reconnecting');
    }
  })();
  void nc.closed().then(() => set('closed'));

  let manager: Promise<JetStreamManager> | undefined;
  return {
    nc,
    js,
    jsm() {
      manager ??= nc.jetstreamManager(jsOpts).catch((error: unknown) => {
        manager = undefined;
        throw error;
      });
      return manager;
    },
    isConnected: () => status === 'connected',
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (nc.isClosed()) return;
      // Draining needs the server: while it is unreachable a drain would wait forever.
      if (status !== 'connected') await nc.close();
      else {
        const drained = nc.drain().then(() => true, () => false);
        const inTime = await Promise.race([drained, new Promise<boolean>((r) => setTimeout(() => r(false), 5_000).unref())]);
        if (!inTime && !nc.isClosed()) await nc.close();
      }
      await nc.closed();
    },
  };
}
