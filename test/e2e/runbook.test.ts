import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgencyNode, type AgencyNode } from '@mou-hub/agency';
import { startAuditService, type AuditService } from '@mou-hub/audit';
import { openDatabase } from '@mou-hub/db';
import { startDirectoryService, type DirectoryService } from '@mou-hub/directory';
import { localCa } from '@mou-hub/infra';
import { connect } from 'nats';
import { freePort, natsServerBinary, startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, eventually } from '../support/api.ts';
import { mou, mouOk } from '../support/mou.ts';
import { inProcessNodeConfig } from '../support/federation.ts';

// docs/operations.md, step by step, with `mou` only, in a temp folder: each `it` is a step of
// the runbook (its table says which). Starting a service (systemctl on a real machine) is the one thing done here by hand.

let work: string;
const at = (...p: string[]) => join(work, ...p);
let nats: NatsServer;
let natsPort: number;
let monitorPort: number;
let directory: DirectoryService;
let audit: AuditService | undefined;
const nodes = new Map<string, AgencyNode>();
const api = new Map<string, ApiClient>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mou-runbook-'));
  natsPort = await freePort();
  monitorPort = await freePort();
});
afterAll(async () => {
  for (const n of nodes.values()) await n.close();
  await audit?.close();
  await directory?.close();
  await nats?.stop();
  rmSync(work, { recursive: true, force: true });
});

const write = (name: string, value: unknown) => writeFileSync(at(name), typeof value === 'string' ? `${value}\n` : JSON.stringify(value, null, 2));
const agency = (id: string, country: string, en: string) => ({ id, country, names: { en }, roles: ['focal-point'] });
const agreement = (id: string, parties: string[], languages: string[]) => ({
  id,
  title: `${id} test agreement`,
  parties,
  languages,
  send: Object.fromEntries(parties.map((p) => [p, ['case.note']])),
  deadlines: [],
});

/** The hub's configuration from the current directory and users, written and (re)loaded. */
async function hubConfig(): Promise<void> {
  await mouOk('directory', 'show', '--url', directory?.url ?? 'http://127.0.0.1:1', '--root', at('ceremony', 'root.pub.jwk'), '--out', at('directory.json')).catch(() => undefined);
  rmSync(at('hub-1.conf'), { force: true });
  await mouOk('nats', 'config', 'hub', '--directory', at(directory ? 'directory.json' : 'seed.json'), '--users', at('nats-users.json'), '--name', 'hub-1',
    '--listen', `127.0.0.1:${natsPort}`, '--store', at('nats-store'), '--monitor', `127.0.0.1:${monitorPort}`, '--out', at('hub-1.conf'),
    // The lowest cost nats-server accepts, so the test does not spend its time hashing.
    '--bcrypt-cost', '4');
  const text = readFileSync(at('hub-1.conf'), 'utf8');
  if (!nats) nats = await startNats({ port: natsPort, configText: () => text });
  else {
    writeFileSync(nats.configPath, text);
    process.kill(nats.pid, 'SIGHUP'); // nats-server --signal reload
  }
}

/** An agency's node, from keys to a running node with an officer (runbook section 4). */
async function joinNode(id: string): Promise<void> {
  await mouOk('node', 'config', '--agency', id, '--out', at(id, 'node.json'), '--nats', `nats://127.0.0.1:${natsPort}`, '--nats-user', id,
    '--nats-password-file', at('handover', `${id}.pass`), '--keys', at(id, 'keys'), '--root', at('ceremony', 'root.pub.jwk'),
    '--database', at(id, 'data', 'agency.db'), '--http', '127.0.0.1:0');
  const added = await mouOk('users', '--config', at(id, 'node.json'), 'add', 'officer', '--roles', 'liaison-officer,supervisor');
  const password = /password: (\S+)/.exec(added)![1]!;
  const node = await startAgencyNode(inProcessNodeConfig(at(id, 'node.json')));
  nodes.set(id, node);
  api.set(id, await ApiClient.login(node.url, 'officer', password));
  expect(await mouOk('status', '--config', at(id, 'node.json'), '--url', node.url)).toMatch(/status: OK/);
}

/** Sends a note, waits until it is delivered, and answers the key that signed it (from the sender's outbox). */
async function note(from: string, to: string, agreementId: string): Promise<string> {
  const sent = await api.get(from)!.send({ to, agreement: agreementId, type: 'case.note', lang: 'en', body: { text: `from ${from}` } });
  expect(sent.status).toBe(202);
  const done = await api.get(from)!.waitForStatus(sent.json.id, ['delivered', 'rejected', 'failed'], 30_000);
  expect(done.status, JSON.stringify(done)).toBe('delivered');
  expect((await api.get(to)!.inbox(`?thid=${sent.json.id}`)).json.items).toHaveLength(1);
  const db = openDatabase(at(from, 'data', 'agency.db'));
  try {
    const { jws } = db.sqlite.prepare('select jws from outbox where id = ?').get(sent.json.id) as { jws: string };
    return (JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
  } finally {
    await db.close();
  }
}

/** Waits until `user` may connect: nats-server applies a reloaded configuration by itself. */
async function canConnect(user: string): Promise<void> {
  const password = readFileSync(at('handover', `${user}.pass`), 'utf8').trim();
  await eventually(async () => {
    const nc = await connect({ servers: nats.url, user, pass: password, reconnect: false, timeout: 2_000 });
    await nc.close();
    return true;
  }, 20_000, `${user} accepted by the reloaded hub`);
}

describe('the runbook (docs/operations.md)', () => {
  it('1. key ceremony: the root key certifies the directory signing key; the root is in no configuration', async () => {
    await mouOk('root', 'init', '--out', at('ceremony'), '--label', '2026a', '--days', '365');
    for (const id of ['la-mlsw', 'th-msdhs']) {
      await mouOk('agency', 'keys', 'generate', '--agency', id, '--dir', at(id, 'keys'), '--out', at(`${id}-keys.json`));
    }
    write('agencies.json', [agency('la-mlsw', 'LA', 'Lao social welfare'), agency('th-msdhs', 'TH', 'Thai social development')]);
    write('agreements.json', [agreement('la-th', ['la-mlsw', 'th-msdhs'], ['lo', 'th', 'en'])]);
    await mouOk('directory', 'seed', '--root', at('ceremony', 'root.pub.jwk'), '--agencies', at('agencies.json'), '--agreements', at('agreements.json'),
      '--keys', `la-mlsw=${at('la-mlsw-keys.json')},th-msdhs=${at('th-msdhs-keys.json')}`, '--out', at('seed.json'));
  });

  it('2. the hub: users, server configuration, stream and consumers', async () => {
    await mouOk('nats', 'users', '--directory', at('seed.json'), '--file', at('nats-users.json'), '--export', at('handover'));
    await hubConfig();
    expect(readFileSync(at('hub-1.conf'), 'utf8')).not.toContain(readFileSync(at('handover', 'la-mlsw.pass'), 'utf8').trim());
    expect(await mouOk('nats', 'provision', '--servers', nats.url, '--directory', at('seed.json'), '--users', at('nats-users.json'))).toMatch(/2 inboxes/);
  });

  it('3. the directory service starts from its configuration, and publishes version 1 signed by the online key', async () => {
    write('admin.pass', 'secretariat admin password');
    await mouOk('directory', 'config', '--signing-key', at('ceremony', 'directory-signing.jwk.json'), '--certificate', at('ceremony', 'directory-signing.cert.jws'),
      '--root', at('ceremony', 'root.pub.jwk'), '--nats', nats.url, '--nats-user', 'directory', '--nats-password-file', at('handover', 'directory.pass'),
      '--database', at('directory', 'directory.db'), '--admin', 'admin', '--admin-password-file', at('admin.pass'), '--seed', at('seed.json'),
      '--http', '127.0.0.1:0', '--out', at('directory.json.conf'));
    const config = readFileSync(at('directory.json.conf'), 'utf8');
    expect(config).not.toContain(JSON.parse(readFileSync(at('ceremony', 'root.jwk.json'), 'utf8')).d);
    directory = await startDirectoryService(JSON.parse(config));
    expect(await mouOk('directory', 'show', '--url', directory.url, '--root', at('ceremony', 'root.pub.jwk'), '--out', at('directory.json'))).toMatch(/directory version 1/);
    // Refused with the root key itself: it stays offline.
    const refused = await mou('directory', 'config', '--signing-key', at('ceremony', 'root.jwk.json'), '--certificate', at('ceremony', 'directory-signing.cert.jws'),
      '--root', at('ceremony', 'root.pub.jwk'), '--nats', nats.url, '--nats-user', 'directory', '--nats-password-file', at('handover', 'directory.pass'),
      '--database', at('x.db'), '--admin', 'admin', '--admin-password-file', at('admin.pass'), '--out', at('never.json'));
    expect(refused).toMatchObject({ code: 1, text: expect.stringContaining('is the ROOT key') });
  });

  it('3b. the audit service starts from its configuration and follows the stream', async () => {
    write('auditor.pass', 'an auditor password');
    await mouOk('audit', 'config', '--nats', nats.url, '--nats-password-file', at('handover', 'audit.pass'), '--root', at('ceremony', 'root.pub.jwk'),
      '--database', at('audit', 'audit.db'), '--auditor', 'auditor', '--auditor-password-file', at('auditor.pass'), '--http', '127.0.0.1:0', '--out', at('audit.json'));
    audit = await startAuditService(JSON.parse(readFileSync(at('audit.json'), 'utf8')));
    expect((await fetch(`${audit.url}/readyz`)).status).toBe(200);
  });

  it('4. two agency nodes: configuration, an officer, a message delivered both ways', async () => {
    await joinNode('la-mlsw');
    await joinNode('th-msdhs');
    await note('th-msdhs', 'la-mlsw', 'la-th');
    await note('la-mlsw', 'th-msdhs', 'la-th');
  }, 60_000);

  it('5. a second agreement: vn-mps joins and exchanges with la-mlsw', async () => {
    const admin = ['--url', directory.url, '--user', 'admin', '--password-file', at('admin.pass')];
    await mouOk('agency', 'keys', 'generate', '--agency', 'vn-mps', '--dir', at('vn-mps', 'keys'), '--out', at('vn-mps-keys.json'));
    write('vn-mps.json', { ...agency('vn-mps', 'VN', 'Vietnamese public security'), keys: JSON.parse(readFileSync(at('vn-mps-keys.json'), 'utf8')) });
    await mouOk('directory', 'add-agency', ...admin, '--file', at('vn-mps.json'));
    write('la-vn.json', agreement('la-vn', ['la-mlsw', 'vn-mps'], ['lo', 'vi', 'en']));
    expect(await mouOk('directory', 'put-agreement', ...admin, '--id', 'la-vn', '--file', at('la-vn.json'))).toMatch(/directory version 3/);
    await mouOk('directory', 'show', '--url', directory.url, '--root', at('ceremony', 'root.pub.jwk'), '--out', at('directory.json'));
    await mouOk('nats', 'users', '--directory', at('directory.json'), '--file', at('nats-users.json'), '--export', at('handover'));
    await hubConfig();
    await canConnect('vn-mps');
    await mouOk('nats', 'provision', '--servers', nats.url, '--directory', at('directory.json'), '--users', at('nats-users.json'));
    await joinNode('vn-mps');
    // Its counterpart must hold the version that lists it, or it quarantines what it cannot verify.
    await eventually(async () => /directory: version 3/.test(await mouOk('status', '--config', at('la-mlsw', 'node.json'), '--url', nodes.get('la-mlsw')!.url)), 20_000, 'la-mlsw on version 3');
    await note('vn-mps', 'la-mlsw', 'la-vn');
    await note('la-mlsw', 'vn-mps', 'la-vn');
  }, 60_000);

  // The new key takes over in ~9 s here (7 days in the runbook): every node must hold the
  // directory that lists it before it signs anything, or they quarantine what it signs.
  it('6. a key rotation: la-mlsw signs with its new key from its start, then the old one is revoked', async () => {
    const admin = ['--url', directory.url, '--user', 'admin', '--password-file', at('admin.pass')];
    await mouOk('agency', 'keys', 'rotate', '--agency', 'la-mlsw', '--dir', at('la-mlsw', 'keys'), '--label', '2027a', '--in-days', '0.0001', '--out', at('la-2027a.json'));
    await mouOk('directory', 'add-keys', ...admin, '--agency', 'la-mlsw', '--file', at('la-2027a.json'));
    await eventually(async () => (await note('la-mlsw', 'th-msdhs', 'la-th')) === 'la-mlsw#sig-2027a', 40_000, 'a message signed with the new key');
    await mouOk('directory', 'revoke-key', ...admin, '--agency', 'la-mlsw', '--kid', 'la-mlsw#sig-2026a');
    expect(await note('la-mlsw', 'th-msdhs', 'la-th')).toBe('la-mlsw#sig-2027a');
  }, 60_000);

  it('7. a backup of a running node, its status', async () => {
    expect(await mouOk('backup', '--config', at('la-mlsw', 'node.json'), '--out', at('backups', 'la-mlsw'))).toMatch(/inbox position: stream sequence \d+/);
    const current = /directory version (\d+)/.exec(await mouOk('directory', 'show', '--url', directory.url, '--root', at('ceremony', 'root.pub.jwk')))![1];
    const status = () => mouOk('status', '--config', at('la-mlsw', 'node.json'), '--url', nodes.get('la-mlsw')!.url);
    await eventually(async () => (await status()).includes(`directory: version ${current},`), 20_000, `la-mlsw on version ${current}`);
  });

  it('8. a post behind a leaf node: its leaf user, a leaf configuration and the whole hub shape (TLS, routes, leaf listener) nats-server accepts', async () => {
    await mouOk('nats', 'users', '--directory', at('directory.json'), '--file', at('nats-users.json'), '--leaf', 'vn-mps', '--export', at('handover'));
    await mouOk('nats', 'config', 'leaf', '--name', 'post', '--listen', '127.0.0.1:4333', '--store', at('leaf-store'), '--domain', 'vn-post',
      '--hub', `nats-leaf://127.0.0.1:${await freePort()}`, '--user', 'leaf-vn-mps', '--password-file', at('handover', 'leaf-vn-mps.pass'), '--out', at('leaf.conf'));
    const test = spawnSync(natsServerBinary(), ['-t', '-c', at('leaf.conf')], { encoding: 'utf8' });
    expect(test.status, test.stderr + test.stdout).toBe(0);
    // The hub's whole shape as section 4 writes it (TLS from the operator's CA, cluster routes, the
    // posts' leaf listener with the leaf user), accepted by nats-server too.
    const tls = localCa(at('tls'));
    await mouOk('nats', 'config', 'hub', '--directory', at('directory.json'), '--users', at('nats-users.json'), '--name', 'hub-2', '--listen', `127.0.0.1:${await freePort()}`,
      '--store', at('hub-2-store'), '--cluster', 'mou', '--cluster-listen', `127.0.0.1:${await freePort()}`, '--routes', `nats-route://127.0.0.1:${await freePort()},nats-route://127.0.0.1:${await freePort()}`,
      '--leaf-listen', `127.0.0.1:${await freePort()}`, '--leaf-advertise', 'hub.mou.example:7422', '--tls-cert', tls.cert, '--tls-key', tls.key, '--tls-ca', tls.ca,
      '--monitor', `127.0.0.1:${await freePort()}`, '--bcrypt-cost', '4', '--out', at('hub-2.conf'));
    const hub = spawnSync(natsServerBinary(), ['-t', '-c', at('hub-2.conf')], { encoding: 'utf8' });
    expect(hub.status, hub.stderr + hub.stdout).toBe(0);
    const conf = readFileSync(at('hub-2.conf'), 'utf8');
    for (const part of ['leafnodes {', 'cluster {', 'tls {', '"leaf-vn-mps"', 'advertise: "hub.mou.example:7422"']) expect(conf).toContain(part);
    const refused = await mou('nats', 'users', '--directory', at('directory.json'), '--file', at('nats-users.json'), '--leaf', 'xx-nobody');
    expect(refused).toMatchObject({ code: 1, text: expect.stringContaining('xx-nobody is not in directory version') });
  });
});
