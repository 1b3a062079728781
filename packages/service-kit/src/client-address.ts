import { getConnInfo } from '@hono/node-server/conninfo';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import * as v from 'valibot';

/**
 * `trustedProxies` of a service's configuration: the addresses (`10.0.0.5`, `::1`) or networks
 * (`10.0.0.0/24`) of the reverse proxies in front of it. Empty by default: `X-Forwarded-For`
 * is then ignored, since anyone may write it.
 */
export const TrustedProxiesSchema = v.optional(
  v.array(
    v.pipe(
      v.string(),
      v.check((s) => parseEntry(s) !== undefined, 'an IPv4 or IPv6 address, or a network such as 10.0.0.0/24'),
    ),
  ),
  [],
);

function parseEntry(s: string): { address: string; prefix?: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefix] = s.split('/');
  const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : undefined;
  if (!family) return undefined;
  if (prefix === undefined) return { address, family };
  const n = Number(prefix);
  if (!/^\d+$/.test(prefix) || n > (family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, prefix: n, family };
}

// `::ffff:10.0.0.5` (an IPv4 client on a dual-stack socket) is 10.0.0.5.
const plain = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** A set of trusted proxies, built once from the configuration. */
export class TrustedProxies {
  private readonly list = new BlockList();

  constructor(entries: readonly string[] = []) {
    for (const e of entries) {
      const p = parseEntry(e);
      if (!p) throw new Error(`not an address or network: ${e}`);
      if (p.prefix === undefined) this.list.addAddress(p.address, p.family);
      else this.list.addSubnet(p.address, p.prefix, p.family);
    }
  }

  /** Whether `address` is one of the proxies. */
  has(address: string): boolean {
    const a = plain(address);
    const family = isIP(a) === 4 ? 'ipv4' : isIP(a) === 6 ? 'ipv6' : undefined;
    return !!family && this.list.check(a, family);
  }

  /**
   * The client's address: the socket's peer, unless that peer is a trusted proxy, in which
   * case the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries
   * further left were written by the client and prove nothing). `unknown` outside a node server.
   * @example limiter.reserve({ username, address: proxies.clientAddress(c) });
   */
  clientAddress(c: Context): string {
    let peer: string;
    try {
      peer = plain(getConnInfo(c).remote.address ?? 'unknown');
    } catch {
      return 'unknown';
    }
    if (!this.has(peer)) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => plain(h.trim()))
      .filter((h) => h !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (!isIP(hop)) return peer; // a proxy we trust writes addresses; anything else is not to be believed
      if (!this.has(hop)) return hop;
    }
    return peer;
  }
}
