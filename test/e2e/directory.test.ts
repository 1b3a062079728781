import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAgencyKeys, generateRootKey, publicJwk, signDirectory } from '@mou-hub/protocol';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import { Forge, readJwk } from '../support/forge.ts';
import { signRaw } from '@mou-hub/protocol/testing';
import { readNodeDb } from '../support/outbox-stats.ts';

const feds: TestFederation[] = [];
afterAll(async () => {
  for (const f of feds) await f.close();
});

async function directoryDetail(url: string): Promise<string> {
  const res = await fetch(`${url}/readyz`);
  return ((await res.json()) as { checks: { directory: { detail: string } } }).checks.directory.detail;
}

describe('nodes follow the signed directory', () => {
  it('take a valid new version within seconds, and keep it against a forged or older one, saying so in /readyz', async () => {
    const fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
    feds.push(fed);
    const urls = [...fed.nodes.values()].map((n) => n.url);
    for (const url of urls) expect(await directoryDetail(url)).toBe('version 1');

    const v2 = { ...structuredClone(fed.prepared.seed), version: 2, issued: new Date().toISOString() };
    await fed.publishDirectory(v2);
    for (const url of urls) await eventually(async () => (await directoryDetail(url)) === 'version 2', 10_000, 'version 2');

    const otherRoot = await generateRootKey('2026x');
    const forged = { ...structuredClone(v2), version: 3, rootKeys: [publicJwk(otherRoot)] };
    await fed.putDirectoryJws(await signDirectory(forged, otherRoot));
    for (const url of urls) {
      const detail = await eventually(async () => {
        const d = await directoryDetail(url);
        return d.includes('refused') && d;
      }, 10_000, 'the forged snapshot refused');
      expect(detail).toMatch(/^version 2; refused/);
    }

    await fed.publishDirectory(fed.prepared.seed); // version 1 again: a rollback
    for (const url of urls) {
      await eventually(async () => /^version 2; refused .*rollback: version 1 is older/.test(await directoryDetail(url)), 10_000, 'the rollback refused');
    }

    const thai = await fed.api('th-msdhs');
    const note = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ยังใช้ฉบับที่ 2' } });
    expect((await thai.waitForStatus(note.json.id, ['delivered', 'rejected'])).status).toBe('delivered');
  });
});

describe('a key the recipient does not know yet', () => {
  it('waits for the directory version that lists it (redelivered, not refused), then is received', async () => {
    const fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
    feds.push(fed);
    // th-msdhs signs with a key the directory will list in version 2 (a rotation the node has not followed yet).
    const fresh = await generateAgencyKeys('th-msdhs', '2026z');
    const forge = new Forge(fed, 'th-msdhs', 'la-mlsw');
    const payload = await forge.payload();
    await forge.inject(await signRaw(payload, fresh.sig));
    const lao = await fed.api('la-mlsw');
    // Redelivered meanwhile (for a few seconds), not quarantined.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await lao.quarantine('?code=unknown-key')).json.items).toEqual([]);

    const v2 = { ...structuredClone(fed.prepared.seed), version: 2, issued: new Date().toISOString() };
    v2.agencies.find((a) => a.id === 'th-msdhs')!.keys.push({ kid: fresh.sig.kid, use: 'sig', jwk: publicJwk(fresh.sig), notBefore: new Date(Date.now() - 60_000).toISOString() });
    await fed.publishDirectory(v2);
    const received = await eventually(async () => (await lao.inbox(`?thid=${(payload as { id: string }).id}`)).json.items[0], 30_000, 'received once the key is known');
    expect(received.from).toBe('th-msdhs');
    expect((await lao.quarantine('?code=unknown-key')).json.items).toEqual([]);
  }, 60_000);
});

describe('the directory service and key rotation', () => {
  it('rotates th-msdhs\'s signing key mid-traffic with no restart; the revoked key then fails with unknown-key', async () => {
    const fed = await startTestFederation(['th-msdhs', 'la-mlsw'], { directory: true });
    feds.push(fed);
    const admin = await ApiClient.login(fed.directory!.url, fed.directory!.admin.username, fed.directory!.admin.password);
    const thai = await fed.api('th-msdhs');
    const oldKid = readJwk(fed.agency('th-msdhs').keys.sig).kid;

    // Traffic runs the whole time.
    let sending = true;
    const ids: string[] = [];
    const traffic = (async () => {
      for (let i = 0; sending || i < 20; i++) {
        const res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: `note ${i}` } });
        expect(res.status).toBe(202);
        ids.push(res.json.id);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    // The new key file goes beside the old ones; the directory lists it from a moment ahead.
    const fresh = await generateAgencyKeys('th-msdhs', '2026b');
    writeFileSync(join(dirname(fed.agency('th-msdhs').keys.sig), 'th-msdhs.sig-2026b.jwk.json'), JSON.stringify(fresh.sig), { mode: 0o600 });
    const notBefore = new Date(Date.now() + 1_500).toISOString();
    const added = await admin.request('POST', '/api/v1/agencies/th-msdhs/keys', { kid: fresh.sig.kid, use: 'sig', jwk: publicJwk(fresh.sig), notBefore });
    expect(added.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2_500));
    const revoked = await admin.request('POST', `/api/v1/agencies/th-msdhs/keys/${encodeURIComponent(oldKid)}/revoke`, {});
    expect(revoked.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_000));
    sending = false;
    await traffic;

    const sender = fed.agency('th-msdhs').database;
    await eventually(async () => (await readNodeDb(sender)).sent['delivered'] === ids.length, 30_000, 'all delivered');
    expect((await readNodeDb(sender)).sent).toEqual({ delivered: ids.length });

    // Both keys signed some of them.
    const kids = new Set((await readNodeDb(sender)).signedBy);
    expect(kids).toEqual(new Set([oldKid, fresh.sig.kid]));

    // A message signed with the revoked key after its revocation is quarantined.
    const forge = new Forge(fed, 'th-msdhs', 'la-mlsw');
    const late = await forge.payload();
    await forge.inject(await forge.sign(late));
    const lao = await fed.api('la-mlsw');
    const q = await eventually(async () => (await lao.quarantine('?code=unknown-key')).json.items[0], 10_000, 'unknown-key');
    expect(q.kid).toBe(oldKid);

    // The public directory shows the agreements and every version.
    const dir = (await (await fetch(`${fed.directory!.url}/directory`)).json()) as {
      version: number;
      snapshot: { agreements: { id: string; parties: string[]; send: Record<string, string[]> }[] };
    };
    expect(dir.version).toBe(3);
    const laTh = dir.snapshot.agreements.find((a) => a.id === 'la-th')!;
    expect(laTh.parties).toEqual(expect.arrayContaining(['la-mlsw', 'th-msdhs']));
    expect(laTh.send['th-msdhs']).toContain('repatriation.request');
    const versions = (await (await fetch(`${fed.directory!.url}/directory/versions`)).json()) as { versions: { version: number }[] };
    expect(versions.versions.map((v) => v.version)).toEqual([3, 2, 1]);
  }, 60_000);
});
