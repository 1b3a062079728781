import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@mou-hub/db';
import { afterAll, describe, expect, it } from 'vitest';
import { backupNode, BACKUP_MANIFEST, readBackup, restoreNode } from './backup.ts';

const dir = mkdtempSync(join(tmpdir(), 'mou-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const database = join(dir, 'node', 'agency.db');
const position = async () => ({ durable: 'inbox-la-mlsw', ackedThrough: 41 });

/** A node's database with `rows` rows, open (as a running node holds it) while the backup runs. */
async function nodeWith(rows: number) {
  const node = openDatabase(database);
  node.sqlite.exec('create table if not exists t (n integer, pad text)');
  const insert = node.sqlite.prepare('insert into t values (?, ?)');
  for (let i = 0; i < rows; i++) insert.run(i, 'x'.repeat(500));
  return node;
}
const count = (file: string) => {
  const db = openDatabase(file);
  try {
    return (db.sqlite.prepare('select count(*) as n from t').get() as { n: number }).n;
  } finally {
    void db.close();
  }
};

describe('backupNode / restoreNode', () => {
  it('copies a database in use with its position and attachment files, shows progress, and puts it back', async () => {
    const node = await nodeWith(2_000);
    mkdirSync(join(dir, 'node', 'attachments', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'node', 'attachments', 'ab', 'file.bin'), 'sealed bytes');
    const seen: [number, number][] = [];
    const out = join(dir, 'b1');
    const m = await backupNode({ agency: 'la-mlsw', database, out, position, progress: (done, total) => seen.push([done, total]) });
    expect(m).toMatchObject({ format: 'mou-node-backup/1', agency: 'la-mlsw', inbox: { ackedThrough: 41 }, attachments: 1 });
    expect(seen.at(-1)![0]).toBe(seen.at(-1)![1]);
    expect(statSync(join(out, 'agency.db')).mode & 0o777).toBe(0o600);

    // What the node writes after the backup is not in it, and a restore takes it away.
    node.sqlite.prepare('insert into t values (?, ?)').run(9_999, 'after');
    await node.close();
    expect(count(database)).toBe(2_001);
    rmSync(join(dir, 'node'), { recursive: true, force: true });
    expect(restoreNode({ folder: out, agency: 'la-mlsw', database })).toMatchObject({ inbox: { ackedThrough: 41 } });
    expect(count(database)).toBe(2_000);
    expect(statSync(database).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'node', 'attachments', 'ab', 'file.bin'), 'utf8')).toBe('sealed bytes');
  });

  it('refuses a folder that is not empty, another agency’s backup, a changed copy, and a missing manifest', async () => {
    const node = await nodeWith(10);
    writeFileSync(join(dir, 'full.txt'), 'x');
    await expect(backupNode({ agency: 'la-mlsw', database, out: dir, position })).rejects.toThrow(/is not empty/);
    const out = join(dir, 'b2');
    await backupNode({ agency: 'la-mlsw', database, out, position });
    await node.close();
    expect(() => readBackup(out, 'th-msdhs')).toThrow(/of la-mlsw, not of th-msdhs/);
    appendFileSync(join(out, 'agency.db'), 'tampered');
    expect(() => restoreNode({ folder: out, agency: 'la-mlsw', database })).toThrow(/SHA-256 differs/);
    rmSync(join(out, BACKUP_MANIFEST));
    expect(() => readBackup(out, 'la-mlsw')).toThrow(/not a node backup/);
    await expect(backupNode({ agency: 'la-mlsw', database: join(dir, 'none.db'), out: join(dir, 'b3'), position })).rejects.toThrow(/no database/);
  });
});
