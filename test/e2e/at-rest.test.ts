import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBodies } from '@mou-hub/protocol';
import { loadAgencyConfig, startAgencyNode } from '@mou-hub/agency';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
});
afterAll(() => fed?.close());

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const dataFolder = (id: string) => dirname(fed.agency(id).database);

describe('victim data at rest', () => {
  it('a copy of either node’s data folder (database, WAL, everything but the keys) holds no body text', async () => {
    const marker = `MARKER-${Date.now()}-Somchai-Savannakhet`;
    const body = structuredClone(exampleBodies['case.note']) as Record<string, unknown>;
    body['text'] = `Victim ${marker} was seen at the border`;
    const first = await thai.send({
      to: 'la-mlsw',
      agreement: 'la-th',
      type: 'repatriation.request',
      lang: 'th',
      body: structuredClone(exampleBodies['repatriation.request']),
    });
    expect(first.status).toBe(202);
    const thid = first.json.id as string;
    await thai.waitForStatus(thid, ['delivered']);
    const sent = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', thid, body });
    expect(sent.status).toBe(202);
    await thai.waitForStatus(sent.json.id, ['delivered']);

    // Both officers still read it in clear through the API.
    const received = await eventually(async () => {
      const page = await lao.inbox(`?thid=${thid}&type=case.note`);
      return page.json.items[0];
    });
    expect(received.body.text).toContain(marker);
    expect((await thai.message(sent.json.id)).json.body.text).toContain(marker);

    for (const id of ['th-msdhs', 'la-mlsw']) {
      const files = filesUnder(dataFolder(id));
      expect(files.map((f) => f.slice(dataFolder(id).length + 1))).toEqual(expect.arrayContaining(['agency.db', 'agency.db-wal']));
      for (const file of files) {
        const bytes = readFileSync(file);
        expect({ file, found: bytes.includes(marker) || bytes.includes(Buffer.from(marker, 'utf16le')) }).toEqual({ file, found: false });
      }
    }
  });

  it('keeps the database, its WAL and shared memory 0600 in a 0700 folder', () => {
    for (const id of ['th-msdhs', 'la-mlsw']) {
      expect(statSync(dataFolder(id)).mode & 0o777).toBe(0o700);
      for (const name of ['agency.db', 'agency.db-wal', 'agency.db-shm']) {
        expect({ name, mode: (statSync(join(dataFolder(id), name)).mode & 0o777).toString(8) }).toEqual({ name, mode: '600' });
      }
    }
  });

  it('refuses to start on a database others can read, and says how to fix it', async () => {
    await fed.stopNode('la-mlsw');
    const db = fed.agency('la-mlsw').database;
    chmodSync(db, 0o644);
    const error = await startAgencyNode(loadAgencyConfig(fed.agency('la-mlsw').configPath)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'database-exposed' });
    expect(String((error as Error).message)).toContain('chmod 600');
    chmodSync(db, 0o600);
    await fed.startNode('la-mlsw');
  });
});
