import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { natsServerBinary } from '@mou-hub/testkit';
import { hubServerConfig, leafServerConfig } from './nats-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'mou-natsconf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const authorization = 'authorization {\n  users = [\n    { user: "th-msdhs", password: "secret", permissions: { publish: { allow: ["mou.v1.msg.*.th-msdhs"] }, subscribe: { allow: ["_INBOX_th-msdhs.>"] } } }\n  ]\n}';

/** What `nats-server -t` (test the configuration and exit) says of a config. */
function check(name: string, text: string): { ok: boolean; output: string } {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(natsServerBinary(), ['-c', file, '-t'], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

describe('production NATS configurations', () => {
  it('writes a cluster member that nats-server accepts, with routes, leaf listener and users', () => {
    const conf = hubServerConfig({
      serverName: 'hub-1',
      listen: '127.0.0.1:14222',
      storeDir: join(dir, 'hub-1'),
      authorization,
      cluster: { name: 'mou-hub', listen: '127.0.0.1:16222', routes: ['nats-route://127.0.0.1:16223', 'nats-route://127.0.0.1:16224'] },
      domain: 'hub',
      leafListen: { listen: '127.0.0.1:17422', advertise: 'hub-1.example:7422' }, monitor: '127.0.0.1:18222',
    });
    expect(conf).toContain('domain: "hub"');
    expect(conf).toContain('advertise: "hub-1.example:7422"');
    expect(conf).toContain('http: "127.0.0.1:18222"');
    expect(check('hub.conf', conf)).toEqual({ ok: true, output: expect.stringContaining('is valid') });
  });

  it('writes a leaf node for a border post that nats-server accepts, with its own JetStream domain', () => {
    const conf = leafServerConfig({
      serverName: 'post-boten',
      listen: '127.0.0.1:24222',
      storeDir: join(dir, 'leaf'),
      authorization,
      domain: 'boten',
      remotes: { urls: ['nats-leaf://hub-1.example:7422', 'nats-leaf://hub-2.example:7422'], user: 'post-boten', password: 'p@ss word' },
    });
    expect(conf).toContain('"nats-leaf://post-boten:p%40ss%20word@hub-1.example:7422"');
    expect(check('leaf.conf', conf).ok).toBe(true);
  });

  it('puts TLS on the client, route and leaf listeners when given, and nats-server refuses missing files', () => {
    const tls = { cert: '/etc/mou/tls/server.pem', key: '/etc/mou/tls/server.key', ca: '/etc/mou/tls/ca.pem', verify: true };
    const conf = hubServerConfig({
      serverName: 'hub-1',
      listen: '0.0.0.0:14222',
      storeDir: join(dir, 'tls'),
      authorization,
      tls,
      cluster: { name: 'mou-hub', listen: '0.0.0.0:16222', routes: [], tls },
      leafListen: { listen: '0.0.0.0:17422', tls },
    });
    expect(conf.match(/cert_file: "\/etc\/mou\/tls\/server.pem"/g)).toHaveLength(3);
    expect(conf).toContain('verify: true');
    const r = check('tls.conf', conf);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/server\.pem/);
  });
});
