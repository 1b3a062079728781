import { createHash, randomBytes } from 'node:crypto';
import { attachmentStreamName, attachmentStreamUse, connectBus, ensureAttachmentStreams, getAttachment, putAttachment, removeAttachment, type Bus } from '@mou-hub/bus';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, counterpartsOf, natsAuthorization, type NatsCredentials, type NatsUsers } from './nats-auth.ts';

// The attachment grants (issue 7, item 6, first bullet), each refusal proved on a real server.
// The stream's own refusals (rollup, message delete, whoever asks) are in packages/bus/src/attachments.test.ts.
const creds = (user: string): NatsCredentials => ({ user, password: `pw-${user}-${Math.random().toString(36).slice(2)}` });
const agreement = (id: string, parties: string[]) => ({ id, parties, names: { en: id }, allowed: [] });
const snapshot = {
  version: 3,
  issued: '2026-01-05T00:00:00.000Z',
  rootKeys: [],
  agencies: ['la-mlsw', 'th-msdhs', 'vn-mps'].map((id) => ({ id, country: 'XX', names: { en: id }, roles: [], keys: [] })),
  agreements: [agreement('la-th', ['la-mlsw', 'th-msdhs']), agreement('la-vn', ['la-mlsw', 'vn-mps'])],
} as unknown as DirectorySnapshot;
const users: NatsUsers = {
  agencies: { 'la-mlsw': creds('la-mlsw'), 'th-msdhs': creds('th-msdhs'), 'vn-mps': creds('vn-mps') },
  directory: creds('directory'),
  audit: creds('audit'),
  admin: creds('admin'),
};
const refused = /permissions violation/i;
const LA = attachmentStreamName('la-mlsw', 'th-msdhs');

let server: NatsServer;
const open: Bus[] = [];
let admin: Bus;
let th: Bus;
let la: Bus;
let vn: Bus;
let sent: Buffer;
let sentName: string;

async function as(name: 'admin' | 'la-mlsw' | 'th-msdhs' | 'vn-mps'): Promise<Bus> {
  const c = name === 'admin' ? users.admin : users.agencies[name]!;
  const bus = await connectBus({ servers: server.url, ...connectAs(c, name === 'admin' ? undefined : name) });
  open.push(bus);
  return bus;
}
const nameOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('base64url')}`;
async function* once(b: Buffer): AsyncGenerator<Uint8Array> {
  yield b;
}
async function read(bus: Bus, to: string, from: string, name: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of getAttachment(bus, { to, from, name })) parts.push(p);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  server = await startNats({ config: natsAuthorization(snapshot, users) });
  admin = await as('admin');
  for (const a of ['la-mlsw', 'th-msdhs', 'vn-mps']) await ensureAttachmentStreams(admin, a, counterpartsOf(snapshot, a));
  [th, la, vn] = await Promise.all([as('th-msdhs'), as('la-mlsw'), as('vn-mps')]);
  sent = randomBytes(600_000);
  sentName = nameOf(sent);
  await putAttachment(th, { to: 'la-mlsw', from: 'th-msdhs', name: sentName }, once(sent), sent.length);
});

afterAll(async () => {
  await Promise.all(open.map((b) => b.close().catch(() => undefined)));
  await server?.stop();
});

describe('attachment grants', () => {
  it('lets a counterpart put into the recipient stream, and the recipient read it', async () => {
    expect((await read(la, 'la-mlsw', 'th-msdhs', sentName)).equals(sent)).toBe(true);
  });

  it('refuses a put to an agency without a shared agreement, and a put as another agency', async () => {
    const x = randomBytes(10);
    await expect(putAttachment(vn, { to: 'th-msdhs', from: 'vn-mps', name: nameOf(x) }, once(x), 10)).rejects.toThrow(refused);
    await expect(putAttachment(th, { to: 'la-mlsw', from: 'vn-mps', name: nameOf(x) }, once(x), 10)).rejects.toThrow(refused);
    // The recipient cannot forge a sender's attachment into its own stream either.
    await expect(putAttachment(la, { to: 'la-mlsw', from: 'th-msdhs', name: nameOf(x) }, once(x), 10)).rejects.toThrow(refused);
  });

  it("refuses reading another agency's attachments", async () => {
    await expect(read(th, 'la-mlsw', 'th-msdhs', sentName)).rejects.toThrow(refused);
    await expect(read(vn, 'la-mlsw', 'th-msdhs', sentName)).rejects.toThrow(refused);
    const jsm = await th.jsm();
    await expect(jsm.consumers.add(LA, { name: 'peek' })).rejects.toThrow(refused);
    await expect((await vn.jsm()).streams.info(LA)).rejects.toThrow(refused);
    await expect(attachmentStreamUse(vn, 'la-mlsw', 'th-msdhs')).rejects.toThrow(refused);
  });

  it('lets the recipient and the sender, no one else, see how full the pair\'s quota is', async () => {
    for (const bus of [la, th]) expect((await attachmentStreamUse(bus, 'la-mlsw', 'th-msdhs')).bytes).toBeGreaterThanOrEqual(600_000);
  });

  it('refuses the account totals ($JS.API.INFO) to every agency', async () => {
    for (const bus of [th, la, vn]) await expect(bus.nc.request('$JS.API.INFO')).rejects.toThrow(refused);
  });

  it.each([
    ['delete a message', `$JS.API.STREAM.MSG.DELETE.${LA}`, '{"seq":1}'],
    ['delete the stream', `$JS.API.STREAM.DELETE.${LA}`, ''],
    ['update the stream', `$JS.API.STREAM.UPDATE.${LA}`, '{}'],
  ])('refuses a sender or the recipient that tries to %s', async (_what, subject, body) => {
    for (const bus of [th, la]) await expect(bus.nc.request(subject, new TextEncoder().encode(body))).rejects.toThrow(refused);
  });

  it('lets the recipient alone remove a file it has fetched (the sender and a third party may not)', async () => {
    const at = { to: 'la-mlsw', from: 'th-msdhs', name: sentName };
    for (const bus of [th, vn]) await expect(removeAttachment(bus, at)).rejects.toThrow(refused);
    for (const bus of [th, vn]) await expect(bus.nc.request(`$JS.API.STREAM.PURGE.${LA}`, new TextEncoder().encode('{}'))).rejects.toThrow(refused);
    expect((await read(la, 'la-mlsw', 'th-msdhs', sentName)).equals(sent)).toBe(true);
    expect(await removeAttachment(la, at)).toBeGreaterThan(0);
    await expect(read(la, 'la-mlsw', 'th-msdhs', sentName)).rejects.toMatchObject({ code: 'not-found' });
  });
});
