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
 * nats.conf text for a server without accounts: a node publishes its envelopes on
 * `mou.v1.out.<to>.<from>` (`@mou-hub/bus`'s `outSubject`), which the generated per-sender
 * accounts carry into the sender's quota stream; without accounts this mapping writes them
 * straight into MOU_V1 as `mou.v1.msg.<to>.<from>`. A post's leaf needs it as much as the hub:
 * a mapping applies on the server where the client publishes.
 */
export const OPEN_BROKER_MAPPING = 'mappings = { "mou.v1.out.*.*": "mou.v1.msg.{{wildcard(1)}}.{{wildcard(2)}}" }';

/**
 * nats.conf for a loopback test server with file-backed JetStream.
 * It maps `mou.v1.out` onto `mou.v1.msg` ({@link OPEN_BROKER_MAPPING}); with accounts in `extra`
 * that mapping is the global account's and changes nothing.
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
    OPEN_BROKER_MAPPING,
    extra ?? '',
    '',
  ].join('\n');
}
