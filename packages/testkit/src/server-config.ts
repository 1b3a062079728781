/** What goes into a generated nats.conf. */
export interface ServerConfigInput {
  /** server_name; JetStream clusters need distinct names. */
  name: string;
  /** Client port on 127.0.0.1. */
  port: number;
  /** JetStream store_dir. */
  storeDir: string;
  /** JetStream domain (a hub and its leaf nodes each need their own). */
  domain?: string;
  /** Extra nats.conf text appended verbatim (authorization, cluster, …). */
  extra?: string;
}

/**
 * nats.conf for a loopback test server with file-backed JetStream.
 * No `sync_interval`: nats-server 2.9.10 rejects the field (it arrived in 2.10); see README.
 */
export function serverConfig({ name, port, storeDir, domain, extra }: ServerConfigInput): string {
  return [
    `server_name: ${JSON.stringify(name)}`,
    `listen: "127.0.0.1:${port}"`,
    'jetstream {',
    `  store_dir: ${JSON.stringify(storeDir)}`,
    ...(domain ? [`  domain: ${JSON.stringify(domain)}`] : []),
    '}',
    extra ?? '',
    '',
  ].join('\n');
}
