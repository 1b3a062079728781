/**
 * Seeds a running federation's sender and recipient with `count` settled case notes, as if they
 * had exchanged them before the benchmark: the sender's outbox rows (delivered, with their
 * history), the recipient's inbox rows and its receipts. Rows come from the stores' one row
 * mapping (`message-row.ts`), bodies sealed with each node's at-rest key; all of one node in one
 * SQLite transaction, beside the running node (WAL). Then the same figures are measured on
 * nodes that hold 100,000 messages as on fresh ones (issue 21, "flat cost as data grows").
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { uuidv7 } from '@mou-hub/protocol';
import { loadAgencyConfig, nodeAtRest } from '@mou-hub/agency';
import { inboxRow, outboxRow } from '../../services/agency/src/messages/message-row.ts';

type Statement = { run(params: Record<string, unknown>): unknown };
type Sqlite = { prepare(sql: string): Statement; transaction(f: () => void): () => void; pragma(p: string): unknown; close(): void };
const Database = createRequire(new URL('../../packages/db/package.json', import.meta.url))('better-sqlite3') as new (file: string) => Sqlite;

/** `INSERT` of every key of `sample`, by name. */
const insert = (db: Sqlite, table: string, sample: Record<string, unknown>) =>
  db.prepare(`insert into ${table} (${Object.keys(sample).join(', ')}) values (${Object.keys(sample).map((k) => `@${k}`).join(', ')})`);

/** What the seeding needs of one node: its agency and its SQLite file (its `config.json` beside it). */
export interface SeedNode {
  agency: string;
  database: string;
}

/** The node's at-rest sealer, from its configuration's key folder (as the node finds it). */
const atRestOf = (node: SeedNode) => nodeAtRest(node.agency, loadAgencyConfig(join(dirname(node.database), 'config.json')).keyFiles);

/**
 * Writes `count` notes sender → recipient, one to `count` days old, settled: the sender's
 * outbox row (`delivered`) with its three events, the recipient's inbox row and its receipt
 * (published) in its outbox. Answers the seconds it took.
 */
export function seedMessages(sender: SeedNode, recipient: SeedNode, agreement: string, count: number): number {
  const started = performance.now();
  const [sAtRest, rAtRest] = [atRestOf(sender), atRestOf(recipient)];
  const sdb = new Database(sender.database);
  const rdb = new Database(recipient.database);
  try {
    for (const db of [sdb, rdb]) db.pragma('busy_timeout = 30000');
    const now = Date.now();
    const notes = Array.from({ length: count }, (_, i) => {
      const created = new Date(now - (count - i) * 60_000).toISOString();
      const id = uuidv7();
      return { id, created, hash: `sha256:${createHash('sha256').update(id).digest('base64url')}` };
    });
    const msg = (n: (typeof notes)[number], i: number) => ({ id: n.id, to: recipient.agency, agreement, type: 'case.note', thid: n.id, lang: 'en', body: { text: `Seeded note ${i}` }, created: n.created });
    const sent = (n: (typeof notes)[number], i: number) => ({
      ...outboxRow(msg(n, i), sAtRest),
      status: 'delivered',
      jws: null,
      envelope_hash: n.hash,
      stream_seq: i + 1,
      last_error: null,
      problem_code: null,
      problem_detail: null,
      settled_by: uuidv7(),
    });
    const event = (id: string, status: string, at: string) => ({ message_id: id, status, at, detail: null });
    const outboxIn = insert(sdb, 'outbox', sent(notes[0]!, 0));
    const eventIn = insert(sdb, 'outbox_events', event('', '', ''));
    sdb.transaction(() => {
      notes.forEach((n, i) => {
        outboxIn.run(sent(n, i));
        for (const s of ['queued', 'published', 'delivered']) eventIn.run(event(n.id, s, n.created));
      });
    })();

    const received = (n: (typeof notes)[number], i: number) => {
      const payload = { ...msg(n, i), from: sender.agency, replyTo: undefined, expires: undefined, stats: undefined };
      const row = inboxRow({ payload, body: payload.body, envelopeHash: n.hash } as unknown as Parameters<typeof inboxRow>[0], { streamSeq: i + 1 }, new Date(n.created));
      return { ...row, body: rAtRest.seal(row.body) };
    };
    const receipt = (n: (typeof notes)[number], i: number) => ({
      ...outboxRow({ id: uuidv7(), to: sender.agency, agreement, type: 'receipt', thid: n.id, replyTo: n.id, body: { for: n.id, envelope: n.hash }, created: n.created }, rAtRest),
      status: 'published',
      jws: null,
      envelope_hash: `sha256:${randomBytes(32).toString('base64url')}`,
      stream_seq: count + i + 1,
      last_error: null,
      problem_code: null,
      problem_detail: null,
      settled_by: null,
    });
    const inboxIn = insert(rdb, 'inbox', received(notes[0]!, 0));
    const receiptIn = insert(rdb, 'outbox', receipt(notes[0]!, 0));
    rdb.transaction(() => {
      notes.forEach((n, i) => {
        inboxIn.run(received(n, i));
        receiptIn.run(receipt(n, i));
      });
    })();
  } finally {
    sdb.close();
    rdb.close();
  }
  return (performance.now() - started) / 1000;
}
