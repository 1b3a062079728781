/**
 * nats-server configurations for the deployments ARCHITECTURE.md names: a 3-node cluster
 * member (R3 streams) at the hub, and a leaf node at an embassy or border post that keeps
 * working while its link is down. Users and permissions come from `natsAuthorization`, the
 * posts' leaf users too: the hub's leaf listener has no users of its own, so a leaf joins as a
 * user of the `authorization` block and what crosses its connection is what that user may do.
 * The local federation does not use these (it runs one loopback server through the testkit).
 */

/** TLS files of a listener (PEM paths on the server). */
export interface TlsFiles {
  cert: string;
  key: string;
  /** CA bundle to verify the other side (routes, leaf remotes, client certificates). */
  ca?: string;
  /** Require and verify client certificates. */
  verify?: boolean;
}

/** One member of the hub's 3-node cluster. */
export interface HubServerInput {
  /** Unique per server: JetStream clusters need distinct names. */
  serverName: string;
  /** Client listener, `host:port`. */
  listen: string;
  storeDir: string;
  /**
   * JetStream domain of the hub (e.g. `hub`). A post's node behind a leaf node reaches the stream
   * through it: its config has `nats.domain` set to the same name.
   */
  domain?: string;
  /** The `authorization { … }` block from natsAuthorization. */
  authorization: string;
  /** Client TLS; leave out only on loopback. */
  tls?: TlsFiles;
  cluster?: { name: string; listen: string; routes: string[]; tls?: TlsFiles };
  /**
   * Where leaf nodes (embassies, border posts) connect. They log in as the `leaves` users of
   * natsAuthorization, whose permissions bound what crosses (a leaf listener's own user list
   * could carry none in nats-server 2.9, which left a post's leaf with the whole broker).
   */
  leafListen?: {
    listen: string;
    /** `host:port` the posts should dial (a public name); a leaf reconnects to what the hub advertises. */
    advertise?: string;
    tls?: TlsFiles;
  };
  /** Monitoring listener (`host:port`: /varz, /jsz, /connz, /leafz for Prometheus' exporter); keep it on a private address. */
  monitor?: string;
  /** Largest message; the hub's envelopes are at most 256 KiB, attachments travel in chunks. */
  maxPayload?: number;
}

/** A leaf node at an embassy or a border post. */
export interface LeafServerInput {
  serverName: string;
  /** Local client listener for the post's own node. */
  listen: string;
  storeDir: string;
  authorization: string;
  /** The hub's leaf listeners, tried in turn, with the credentials the hub gave this post. */
  remotes: { urls: string[]; user: string; password: string; tls?: TlsFiles };
  /** JetStream domain of this leaf, so its local streams do not mix with the hub's. */
  domain: string;
  /** Monitoring listener (`host:port`), as on the hub. */
  monitor?: string;
}

const q = (s: string) => JSON.stringify(s);

function tlsBlock(tls: TlsFiles | undefined, indent: string): string[] {
  if (!tls) return [];
  return [
    `${indent}tls {`,
    `${indent}  cert_file: ${q(tls.cert)}`,
    `${indent}  key_file: ${q(tls.key)}`,
    ...(tls.ca ? [`${indent}  ca_file: ${q(tls.ca)}`] : []),
    ...(tls.verify ? [`${indent}  verify: true`] : []),
    `${indent}  timeout: 2`,
    `${indent}}`,
  ];
}

/** `http: "host:port"`: nats-server's monitoring endpoints. */
function monitorLine(monitor: string | undefined): string[] {
  return monitor ? [`http: ${q(monitor)}`] : [];
}

/**
 * A hub server: one member of the 3-node cluster.
 * @example writeFileSync('nats-1.conf', hubServerConfig({ serverName: 'hub-1', listen: `0.0.0.0:${clientPort}`, … }));
 */
export function hubServerConfig(c: HubServerInput): string {
  return [
    `server_name: ${q(c.serverName)}`,
    `listen: ${q(c.listen)}`,
    `max_payload: ${c.maxPayload ?? 1_048_576}`,
    ...monitorLine(c.monitor),
    ...tlsBlock(c.tls, ''),
    'jetstream {',
    `  store_dir: ${q(c.storeDir)}`,
    ...(c.domain ? [`  domain: ${q(c.domain)}`] : []),
    '}',
    ...(c.cluster
      ? [
          'cluster {',
          `  name: ${q(c.cluster.name)}`,
          `  listen: ${q(c.cluster.listen)}`,
          `  routes: [${c.cluster.routes.map(q).join(', ')}]`,
          ...tlsBlock(c.cluster.tls, '  '),
          '}',
        ]
      : []),
    ...(c.leafListen
      ? [
          'leafnodes {',
          `  listen: ${q(c.leafListen.listen)}`,
          ...(c.leafListen.advertise ? [`  advertise: ${q(c.leafListen.advertise)}`] : []),
          ...tlsBlock(c.leafListen.tls, '  '),
          '}',
        ]
      : []),
    c.authorization,
    '',
  ].join('\n');
}

/**
 * A leaf node at an embassy or a border post: its node talks to it locally; it forwards to the
 * hub whenever the link is up, and its own JetStream domain keeps local work going when it is not.
 */
export function leafServerConfig(c: LeafServerInput): string {
  return [
    `server_name: ${q(c.serverName)}`,
    `listen: ${q(c.listen)}`,
    ...monitorLine(c.monitor),
    'jetstream {',
    `  store_dir: ${q(c.storeDir)}`,
    `  domain: ${q(c.domain)}`,
    '}',
    'leafnodes {',
    '  remotes: [',
    '    {',
    `      urls: [${c.remotes.urls.map((u) => q(withCredentials(u, c.remotes.user, c.remotes.password))).join(', ')}]`,
    ...tlsBlock(c.remotes.tls, '      '),
    '    }',
    '  ]',
    '}',
    c.authorization,
    '',
  ].join('\n');
}

/** `nats-leaf://host:port` with the post's user and password in it, as nats-server expects. */
function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString().replace(/\/$/, '');
}
