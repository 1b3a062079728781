import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '@mou-hub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';
import { mou } from '../support/mou.ts';

const LA = 'la-mlsw';
const TH = 'th-msdhs';
let fed: TestFederation;
let thai: ApiClient;
let work: string;

beforeAll(async () => {
  fed = await startTestFederation([TH, LA]);
  thai = await fed.api(TH);
  work = mkdtempSync(join(tmpdir(), 'mou-drill-'));
});
afterAll(async () => {
  await fed?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Sends `n` notes from Thailand to Laos and waits until each is delivered (its receipt settled it). */
async function sendNotes(n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const sent = await thai.send({ to: LA, agreement: 'la-th', type: 'case.note', lang: 'en', body: { text: `${tag} ${i}` } });
    expect(sent.status).toBe(202);
    ids.push(sent.json.id as string);
  }
  for (const id of ids) expect((await thai.waitForStatus(id, ['delivered', 'rejected', 'failed'], 60_000)).status).toBe('delivered');
  return ids;
}

/** Rows of a node's database matching `where` for the given ids, read straight from its file. */
async function count(database: string, sql: string, ids: string[]): Promise<number> {
  const db = openDatabase(database);
  try {
    const stmt = db.sqlite.prepare(sql);
    return ids.reduce((n, id) => n + (stmt.get(id) as { n: number }).n, 0);
  } finally {
    await db.close();
  }
}

describe('the backup and restore drill', () => {
  it('backs up, receives 100 more, loses the data folder, restores: all 100 present exactly once, receipts not doubled', async () => {
    const before = await sendNotes(3, 'before');
    const la = fed.agency(LA);
    const th = fed.agency(TH);

    const backup = join(work, 'backup');
    const b = await mou('backup', '--config', la.configPath, '--out', backup);
    expect(b.text).toMatch(/copying the database: 100%/);
    expect(b.code, b.text).toBe(0);

    const after = await sendNotes(100, 'after');
    const url = fed.nodes.get(LA)!.url;
    const up = await mou('status', '--config', la.configPath, '--url', url);
    expect(up.code, up.text).toBe(0);
    expect(up.text).toMatch(/directory: version \d+/);
    await fed.stopNode(LA);
    const down = await mou('status', '--config', la.configPath, '--url', url);
    expect(down.code).toBe(1);
    expect(down.text).toMatch(/alive: no .*status: PROBLEM \(not answering, not ready, nobody reads the inbox\)/s);
    // The data folder is lost; the configuration (in /etc on a real machine, beside the data
    // here) is kept.
    const config = readFileSync(la.configPath);
    rmSync(dirname(la.database), { recursive: true, force: true });
    mkdirSync(dirname(la.configPath), { recursive: true, mode: 0o700 });
    writeFileSync(la.configPath, config, { mode: 0o600 });

    // The node's own NATS user may not re-create its consumer: the restore says so and changes nothing in NATS.
    const refused = await mou('restore', '--config', la.configPath, '--from', backup);
    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/could not be rewound.*Do not start the node yet/s);

    const passwordFile = join(work, 'admin.pass');
    writeFileSync(passwordFile, `${fed.prepared.natsUsers.admin.password}\n`, { mode: 0o600 });
    const r = await mou('restore', '--config', la.configPath, '--from', backup, '--nats-user', fed.prepared.natsUsers.admin.user, '--nats-password-file', passwordFile);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/start the node now/);

    await fed.startNode(LA);
    const stored = 'select count(*) as n from inbox where id = ?';
    await eventually(async () => (await count(la.database, stored, after)) === 100, 60_000, 'the 100 notes received again');
    // Thailand got a second receipt for each of the 100 and kept it out of its inbox.
    const ignored = "select count(*) as n from outbox_events where message_id = ? and detail like 'ignored receipt%'";
    await eventually(async () => (await count(th.database, ignored, after)) === 100, 60_000, 'the second receipts seen by Thailand');

    expect(await count(la.database, stored, [...before, ...after])).toBe(103);
    const receipts = "select count(*) as n from inbox where type = 'receipt' and reply_to = ?";
    expect(await count(th.database, receipts, after)).toBe(100);
    expect(await count(la.database, "select count(*) as n from outbox where type = 'receipt' and reply_to = ?", after)).toBe(100);
    const restored = await mou('status', '--config', la.configPath, '--url', fed.nodes.get(LA)!.url);
    expect(restored.code, restored.text).toBe(0);
    expect(restored.text).toMatch(/inbox: 0 to process/);
    // Nothing was quarantined on either side by the replay.
    expect((await thai.quarantine()).json.items).toHaveLength(0);
    expect((await (await fed.api(LA)).quarantine()).json.items).toHaveLength(0);
  }, 240_000);

  it('refuses a backup into a folder that is not empty, and a restore from a folder that is not a backup, saying why', async () => {
    const la = fed.agency(LA);
    writeFileSync(join(work, 'note.txt'), 'x');
    const full = await mou('backup', '--config', la.configPath, '--out', work);
    expect(full).toMatchObject({ code: 1, text: expect.stringMatching(/is not empty/) });
    const junk = await mou('restore', '--config', la.configPath, '--from', join(work, 'nothing-here'));
    expect(junk).toMatchObject({ code: 1, text: expect.stringMatching(/not a node backup/) });
    const running = await mou('restore', '--config', la.configPath, '--from', join(work, 'backup'));
    expect(running).toMatchObject({ code: 1, text: expect.stringMatching(/is running/) });
  });
});
