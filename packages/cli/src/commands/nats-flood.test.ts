import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, ensureStream, senderStreamUse, STREAM, type Bus } from '@mou-hub/bus';
import { brokerSenders, natsAuthorization, type NatsUsers } from '@mou-hub/infra';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { runMou } from '../main.ts';

// What an operator does when one account floods MOU_V1 (docs/operations.md, "A flooding
// account"): name the sender, take its users out, remove what it published. On a real
// nats-server with the generated permissions.
const te = new TextEncoder();
const pw = (u: string) => `pw-${u}-${'x'.repeat(20)}`;
const users: NatsUsers = {
  agencies: Object.fromEntries(['la-mlsw', 'th-msdhs', 'th-rtp'].map((id) => [id, { user: id, password: pw(id) }])),
  leaves: { 'th-rtp': { user: 'leaf-th-rtp', password: pw('leaf-th-rtp') } },
  directory: { user: 'directory', password: pw('directory') },
  audit: { user: 'audit', password: pw('audit') },
  admin: { user: 'admin', password: pw('admin') },
};
const snapshot = {
  version: 2,
  issued: '2026-01-05T00:00:00.000Z',
  rootKeys: [],
  agencies: ['la-mlsw', 'th-msdhs', 'th-rtp'].map((id) => ({ id, country: 'XX', names: { en: id }, roles: [], keys: [] })),
  agreements: [],
} as unknown as DirectorySnapshot;

const dir = mkdtempSync(join(tmpdir(), 'mou-flood-'));
const usersFile = join(dir, 'nats-users.json');
let nats: NatsServer;
const open: Bus[] = [];

async function mou(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMou(['node', 'mou', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  writeFileSync(usersFile, JSON.stringify(users), { mode: 0o600 });
  nats = await startNats({ config: natsAuthorization(snapshot, users, { bcryptCost: 4 }) });
  const admin = await connectBus({ servers: nats.url, user: 'admin', pass: pw('admin'), name: 'admin' });
  open.push(admin);
  await ensureStream(admin, { senders: brokerSenders(snapshot) });
  // th-rtp floods la-mlsw; th-msdhs sends two notes.
  const as = async (id: string) => {
    const bus = await connectBus({ servers: nats.url, user: id, pass: pw(id), inboxPrefix: `_INBOX_${id}`, name: id });
    open.push(bus);
    return bus;
  };
  const rtp = await as('th-rtp');
  for (let i = 0; i < 40; i++) await rtp.js.publish('mou.v1.out.la-mlsw.th-rtp', te.encode(`flood ${i}`.padEnd(2000, '.')));
  const msdhs = await as('th-msdhs');
  for (let i = 0; i < 2; i++) await msdhs.js.publish('mou.v1.out.la-mlsw.th-msdhs', te.encode(`note ${i}`));
  // MOU_V1 sources the senders' streams: wait until it holds all 42.
  const jsm = await admin.jsm();
  for (let i = 0; i < 100 && (await jsm.streams.info(STREAM)).state.messages < 42; i++) await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
  await Promise.all(open.map((b) => b.close().catch(() => undefined)));
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const servers = () => ['--servers', nats.url, '--users', usersFile];

describe('a flooding account, handled with mou', () => {
  it('mou nats senders names the flooder, with how full the stream is', async () => {
    const r = await mou('nats', 'senders', ...servers());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^stream MOU_V1: 0\.\d MiB of 2048\.0 MiB \(0 %\)$/m);
    const lines = r.out.split('\n').slice(1);
    expect(lines[0]).toMatch(/^th-rtp\s+40 messages, 0\.1 MiB of its 256\.0 MiB quota \(0 %\)$/);
    expect(lines[1]).toMatch(/^th-msdhs\s+2 messages, 0\.0 MiB of its 256\.0 MiB quota \(0 %\)$/);
  });

  it('mou nats purge says how many without --yes, then removes only that sender’s messages', async () => {
    const dry = await mou('nats', 'purge', ...servers(), '--from', 'th-rtp');
    expect(dry).toMatchObject({ code: 0, out: '40 messages from th-rtp in MOU_V1; nothing removed (add --yes to remove them)' });
    const jsm = await open[0]!.jsm();
    expect((await jsm.streams.info(STREAM)).state.messages).toBe(42);
    const done = await mou('nats', 'purge', ...servers(), '--from', 'th-rtp', '--yes');
    expect(done).toMatchObject({ code: 0, out: 'removed 40 messages from th-rtp in MOU_V1 and 40 in MOU_OUT_th-rtp' });
    expect((await jsm.streams.info(STREAM)).state.messages).toBe(2);
    // Its quota is free again; th-msdhs's stream is untouched.
    expect(await senderStreamUse(open[0]!, 'th-rtp')).toMatchObject({ messages: 0, bytes: 0 });
    expect(await senderStreamUse(open[0]!, 'th-msdhs')).toMatchObject({ messages: 2 });
    expect((await jsm.streams.info(STREAM)).state.messages).toBe(2);
    const left = await jsm.streams.getMessage(STREAM, { last_by_subj: 'mou.v1.msg.la-mlsw.th-msdhs' });
    expect(new TextDecoder().decode(left.data)).toBe('note 1');
    expect(await mou('nats', 'purge', ...servers(), '--from', 'mou.v1.>', '--yes')).toMatchObject({ code: 1, err: expect.stringContaining('--from must be an agency id') });
  });

  it('mou nats users --remove takes the account and its post leaf out of the generated configuration', async () => {
    const r = await mou('nats', 'users', '--directory', writeSnapshot(), '--file', usersFile, '--remove', 'th-rtp');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('removed th-rtp, leaf-th-rtp');
    const held = JSON.parse(readFileSync(usersFile, 'utf8')) as NatsUsers;
    expect(Object.keys(held.agencies).sort()).toEqual(['la-mlsw', 'th-msdhs']);
    expect(held.leaves).toEqual({});
    const conf = natsAuthorization(snapshot, held, { bcryptCost: 4 });
    expect(conf).not.toContain('"th-rtp"');
    expect(conf).not.toContain('"leaf-th-rtp"');
    expect(await mou('nats', 'users', '--directory', writeSnapshot(), '--file', usersFile, '--remove', 'th-rtp')).toMatchObject({
      code: 1,
      err: expect.stringContaining('has no user for th-rtp'),
    });
  });
});

function writeSnapshot(): string {
  const path = join(dir, 'directory.json');
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}
