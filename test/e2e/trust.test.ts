import { afterAll, describe, expect, it } from 'vitest';
import type { AgencyDatabase } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';
import { messageSubject } from '@mou-hub/bus';
import { uuidv7 } from '@mou-hub/protocol';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import { Forge, readJwk } from '../support/forge.ts';

// Issue 7, items 1, 5 and 6, end to end: real nats-server under the generated permissions,
// real nodes and SQLite.

const feds: TestFederation[] = [];
afterAll(async () => {
  for (const f of feds) await f.close();
});

type Ready = { checks: { directory: { detail: string; warning?: string } } };
const readyz = async (url: string) => (await (await fetch(`${url}/readyz`)).json()) as Ready;

async function quarantineRows(file: string) {
  const { db, close } = openDatabase<AgencyDatabase>(file);
  try {
    return await db.selectFrom('quarantine').select(['code', 'detail', 'verified', 'size', 'truncated', (eb) => eb.fn('length', ['raw']).as('kept')]).execute();
  } finally {
    await close();
  }
}

describe('a stolen key, revoked through the directory', () => {
  it('cannot sign a message backdated before the revocation: the stream saw it after, and it is quarantined as unknown-key', async () => {
    const fed = await startTestFederation(['th-msdhs', 'la-mlsw'], { directory: true });
    feds.push(fed);
    const admin = await ApiClient.login(fed.directory!.url, fed.directory!.admin.username, fed.directory!.admin.password);
    const stolen = readJwk(fed.agency('th-msdhs').keys.sig).kid;
    const revokedAt = new Date();
    const revoked = await admin.request('POST', `/api/v1/agencies/th-msdhs/keys/${encodeURIComponent(stolen)}/revoke`, { at: revokedAt.toISOString() });
    expect(revoked.status).toBe(201);
    const lao = fed.nodes.get('la-mlsw')!;
    await eventually(async () => (await readyz(lao.url)).checks.directory.detail === 'version 2', 10_000, 'the revocation at la-mlsw');

    const forge = new Forge(fed, 'th-msdhs', 'la-mlsw');
    // Backdated into the key's valid period, before the revocation.
    const notBefore = Date.parse(fed.prepared.seed.agencies.find((a) => a.id === 'th-msdhs')!.keys.find((k) => k.kid === stolen)!.notBefore);
    expect(revokedAt.getTime() - notBefore).toBeGreaterThan(10);
    const backdated = await forge.payload({ created: new Date(Math.floor((notBefore + revokedAt.getTime()) / 2)).toISOString() });
    await forge.inject(await forge.sign(backdated));

    const api = await fed.api('la-mlsw');
    const q = await eventually(async () => (await api.quarantine('?code=unknown-key')).json.items[0], 10_000, 'the backdated message quarantined');
    expect(q).toMatchObject({ kid: stolen, verified: false });
    expect(q.detail).toMatch(/was revoked at .*, before the stream received the message at/);
    expect((await api.inbox()).json.items).toHaveLength(0);
  }, 60_000);
});

describe('the directory across a restart', () => {
  it('a node restarted against an older snapshot in KV refuses it, and warns when its directory is stale', async () => {
    const fed = await startTestFederation(['la-mlsw']);
    feds.push(fed);
    const url = fed.nodes.get('la-mlsw')!.url;
    const v2 = { ...structuredClone(fed.prepared.seed), version: 2, issued: new Date().toISOString() };
    await fed.publishDirectory(v2);
    await eventually(async () => (await readyz(url)).checks.directory.detail === 'version 2', 10_000, 'version 2');
    await fed.stopNode('la-mlsw');

    // Every signed version is public: an old one put back in KV (a restored backup, a broker account gone bad).
    await fed.publishDirectory(fed.prepared.seed);
    const starting = fed.startNode('la-mlsw');
    let started = false;
    void starting.then(() => (started = true), () => undefined);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(started).toBe(false); // it does not run on version 1

    // A newer version, issued two days ago: taken, and /readyz and the metrics say it is stale.
    const stale = { ...structuredClone(fed.prepared.seed), version: 3, issued: new Date(Date.now() - 2 * 86_400_000).toISOString() };
    await fed.publishDirectory(stale);
    const node = await starting;
    const dir = (await readyz(node.url)).checks.directory;
    expect(dir.detail).toMatch(/^version 3; refused .*rollback: version 1 is older than version 2 accepted before/);
    expect(dir.warning).toMatch(/^stale: issued /);
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(Number(/^mou_directory_age_seconds\{[^}]*\} (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(2 * 86_400 - 60);
    expect(metrics).toMatch(/^mou_directory_stale\{[^}]*\} 1$/m);
  }, 60_000);
});

describe('junk on an agency subject', () => {
  it('keeps a bounded prefix and the hash of unverifiable junk; the stream refuses what is larger than any envelope', async () => {
    const fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
    feds.push(fed);
    const forge = new Forge(fed, 'th-msdhs', 'la-mlsw');
    await forge.inject('x'.repeat(200_000)); // under the stream's limit, junk all the same
    await expect(fed.admin.js.publish(messageSubject('la-mlsw', 'th-msdhs'), new Uint8Array(300_000), { msgID: uuidv7() })).rejects.toThrow(/maximum/i);

    const file = fed.agency('la-mlsw').database;
    const [row] = await eventually(async () => {
      const rows = await quarantineRows(file);
      return rows.length > 0 && rows;
    }, 10_000, 'the junk quarantined');
    expect(row).toMatchObject({ code: 'malformed', verified: 0, size: 200_000, truncated: 1 });
    // 4 KiB kept, sealed at rest: far from the 200 KB received.
    expect(Number(row!.kept)).toBeLessThan(8_000);
  }, 60_000);
});
