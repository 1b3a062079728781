import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleBodies, verifyDirectory, type PublicJwk } from '@mou-hub/protocol';
import { startNats } from '@mou-hub/testkit';
import { ApiClient, eventually } from '../support/api.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mou-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Facts {
  nats: { url: string; pid?: number };
  directory: { httpUrl: string; admin: { username: string; password: string }; rootKey: string };
  audit: { httpUrl: string; officer: { username: string; password: string } };
  agencies: Record<
    string,
    { httpUrl: string; pid: number; officer: { username: string; password: string }; translators: { username: string; password: string }[]; keys: { sig: string; enc: string } }
  >;
}

/** Runs `pnpm start`'s script on a federation file of three agencies and free ports; resolves at "ready.". */
function start(extra: string[] = [], env: Record<string, string> = {}) {
  const file = join(dataDir, 'federation.json.in');
  const federation = JSON.parse(readFileSync(join(root, 'infra', 'federation.json'), 'utf8')) as { http: { basePort: number }; agencies: { id: string }[] };
  federation.http.basePort = 0;
  federation.agencies = federation.agencies.filter((a) => ['th-msdhs', 'la-mlsw', 'la-emb-beijing'].includes(a.id));
  writeFileSync(file, JSON.stringify(federation));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'infra/src/start.ts'), ...extra], {
    env: { ...process.env, MOU_DATA_DIR: dataDir, MOU_FEDERATION_FILE: file, VITEST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready. Ctrl-C stops everything.')) resolve();
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    void exited.then((code) => reject(new Error(`start exited with ${code}:\n${out}`)));
  });
  return { child, ready, exited, output: () => out };
}

describe('the Quick start: pnpm start', () => {
  it('brings the federation up, carries a request from Thailand to Laos, survives kill -9 of NATS and a node, and stops cleanly on Ctrl-C', async () => {
    const run = start(['--fresh']);
    await run.ready;
    const facts = JSON.parse(readFileSync(join(dataDir, 'federation.json'), 'utf8')) as Facts;
    expect(Object.keys(facts.agencies).sort()).toEqual(['la-emb-beijing', 'la-mlsw', 'th-msdhs']);
    // The root's public half alone (.data/directory/root.pub.jwk, named directory.rootKey) verifies
    // what the directory signs with its certified online key.
    const rootPublic = JSON.parse(readFileSync(join(root, facts.directory.rootKey), 'utf8')) as PublicJwk;
    expect(facts.directory.rootKey).toMatch(/directory\/root\.pub\.jwk$/);
    const signed = ((await (await fetch(`${facts.directory.httpUrl}/directory`)).json()) as { jws: string }).jws;
    expect(await verifyDirectory(signed, [rootPublic])).toMatchObject({ ok: true });
    expect(JSON.parse(Buffer.from(signed.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: expect.stringContaining('#directory-'), cert: expect.any(String) });
    expect(run.output()).toContain(facts.agencies['th-msdhs']!.httpUrl);
    const sigKey = JSON.parse(readFileSync(join(root, facts.agencies['th-msdhs']!.keys.sig), 'utf8')) as { kid: string; d: string };
    expect(sigKey.kid).toMatch(/^th-msdhs#sig-/);

    const th = facts.agencies['th-msdhs']!;
    const thai = await ApiClient.login(th.httpUrl, th.officer.username, th.officer.password);
    const sent = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'repatriation.request', lang: 'th', body: structuredClone(exampleBodies['repatriation.request']) });
    expect(sent.status).toBe(202);
    expect((await thai.waitForStatus(sent.json.id, ['delivered', 'rejected', 'failed'])).status).toBe('delivered');

    // The audit runs too: its auditor (audit.officer) sees the request and its signed receipt.
    const auditor = await ApiClient.login(facts.audit.httpUrl, facts.audit.officer.username, facts.audit.officer.password);
    await eventually(async () => {
      const { json } = await auditor.request('GET', '/api/v1/reports/reconciliation');
      return json.rows.some((r: { id: string; outcome: string }) => r.id === sent.json.id && r.outcome === 'receipt');
    }, 20_000, 'the audit to see the receipt');

    // la-mlsw's two translators (agencies[id].translators) find the Thai request waiting for Lao.
    const la = facts.agencies['la-mlsw']!;
    expect(la.translators.map((t) => t.username)).toEqual(['translator1', 'translator2']);
    const translator = await ApiClient.login(la.httpUrl, la.translators[1]!.username, la.translators[1]!.password);
    const job = await eventually(async () => (await translator.request('GET', '/api/v1/translations?status=needed')).json.items.find((j: any) => j.document.id === sent.json.id), 10_000, 'the translation job');
    expect(job).toMatchObject({ case: sent.json.id, sourceLang: 'th', targetLang: 'lo' });

    const dir = (await (await fetch(`${facts.directory.httpUrl}/directory`)).json()) as { version: number; snapshot: { agreements: { id: string }[] } };
    expect(dir.snapshot.agreements.map((a) => a.id).sort()).toEqual(['la-cn', 'la-national', 'la-th', 'la-vn']);

    // Kill nats-server and the Lao node outright: the launcher starts both again, and a note
    // sent meanwhile is delivered once they are back.
    process.kill(facts.nats.pid!, 'SIGKILL');
    process.kill(facts.agencies['la-mlsw']!.pid, 'SIGKILL');
    const note = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ระหว่างที่ล่ม' } });
    expect(note.status).toBe(202);
    expect((await thai.waitForStatus(note.json.id, ['delivered', 'rejected', 'failed'], 60_000)).status).toBe('delivered');
    expect(run.output()).toMatch(/la-mlsw: node exited \(SIGKILL\); starting it again/);
    expect(run.output()).toContain('nats-server is back');

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('stopped.');
    await expect(fetch(`${th.httpUrl}/healthz`)).rejects.toThrow();

    // A second start keeps keys and data: the message is still there, still delivered.
    const again = start();
    await again.ready;
    const facts2 = JSON.parse(readFileSync(join(dataDir, 'federation.json'), 'utf8')) as Facts;
    const th2 = facts2.agencies['th-msdhs']!;
    expect(th2.officer.password).toBe(th.officer.password);
    const thai2 = await ApiClient.login(th2.httpUrl, th2.officer.username, th2.officer.password);
    expect((await thai2.message(sent.json.id)).json.status).toBe('delivered');
    const lao = facts2.agencies['la-mlsw']!;
    const laoApi = await ApiClient.login(lao.httpUrl, lao.officer.username, lao.officer.password);
    await eventually(async () => (await laoApi.inbox(`?thid=${sent.json.id}`)).json.total === 1);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 120_000);

  it('with NATS_URL, uses that server instead of starting one, and leaves it running', async () => {
    const external = await startNats();
    try {
      const run = start(['--fresh'], { NATS_URL: external.url });
      await run.ready;
      expect(run.output()).toContain(`using NATS at ${external.url}`);
      const facts = JSON.parse(readFileSync(join(dataDir, 'federation.json'), 'utf8')) as Facts;
      expect(facts.nats.url).toBe(external.url);
      const th = facts.agencies['th-msdhs']!;
      const thai = await ApiClient.login(th.httpUrl, th.officer.username, th.officer.password);
      const sent = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ผ่านเซิร์ฟเวอร์ภายนอก' } });
      expect((await thai.waitForStatus(sent.json.id, ['delivered', 'rejected', 'failed'])).status).toBe('delivered');
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(() => process.kill(external.pid, 0)).not.toThrow();
    } finally {
      await external.stop();
    }
  }, 120_000);
});
