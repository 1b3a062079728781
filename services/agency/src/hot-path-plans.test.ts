/**
 * Every SQL statement of the message hot path (queue, relay, receive, settle, check 14) uses an
 * index: SQLite's own `EXPLAIN QUERY PLAN` of each statement the stores really run says SEARCH
 * or a covering index, never a SCAN of a table, so the cost per message stays flat as the node
 * holds more (issue 21).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '@mou-hub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeMessage } from './cases/case-store.ts';
import { inboxByEnvelope, inboxEnvelopeHash, insertInbox } from './messages/inbox-store.ts';
import { dueMessages, markPublished, nextQueuedAt, outboxDepth, queueMessage, saveSealedAll, settle } from './messages/outbox-store.ts';
import { nextAttemptAt } from './attachments/attachment-store.ts';
import { sideHere, threadFacts } from './messages/thread-store.ts';
import { atRestWithKey } from './platform/at-rest.ts';
import { migrations } from './platform/migrations.ts';
import type { AgencyDatabase } from './platform/schema.ts';

let dir: string;
let opened: ReturnType<typeof openDatabase<AgencyDatabase>>;
const statements = new Set<string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mou-plans-'));
  opened = openDatabase<AgencyDatabase>(join(dir, 'agency.db'));
  await migrate(opened.db, migrations);
  // Every statement kysely prepares from here on is recorded (the cache prepares each text once).
  const prepare = opened.sqlite.prepare.bind(opened.sqlite);
  opened.sqlite.prepare = ((sql: string) => {
    statements.add(sql);
    return prepare(sql);
  }) as typeof opened.sqlite.prepare;
});
afterAll(async () => {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const ID = (n: number) => `01890a5d-ac96-774b-bcce-${String(n).padStart(12, '0')}`;

/** The hot path, run once against the real stores: what one note and its receipt cost here. */
async function runHotPath(): Promise<void> {
  const { db } = opened;
  const atRest = atRestWithKey(randomBytes(32));
  const at = new Date().toISOString();
  await queueMessage(db, { id: ID(1), to: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: ID(1), body: { text: 'x' }, created: at }, atRest);
  await dueMessages(db, at, 256);
  await saveSealedAll(db, [{ id: ID(1), jws: 'jws', envelopeHash: 'h1' }]);
  await markPublished(db, [{ id: ID(1), streamSeq: 1 }], at);
  await settle(db, { forId: ID(1), from: 'la-mlsw', status: 'delivered', by: ID(2), at, envelope: 'h1' }, atRestWithKey(randomBytes(32)));
  await outboxDepth(db);
  const inbox = { id: ID(3), from_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: ID(1), reply_to: null, lang: 'lo', created: at, expires: null, received_at: at, body: '{}', salt: null, stats: null, envelope_hash: 'h3', stream_seq: 2 };
  await inboxByEnvelope(db, 'h3');
  await inboxEnvelopeHash(db, ID(3));
  await insertInbox(db, inbox, atRest);
  await threadFacts(db, ID(1));
  await judgeMessage(db, 'th-msdhs', { id: ID(4), thid: ID(1), type: 'case.note', from: 'la-mlsw', to: 'th-msdhs', agreement: 'la-th', body: { text: 'y' } });
  await sideHere(db, ID(1));
  // What the relay and the attachment service ask after an idle round: how long they may rest.
  await nextQueuedAt(db);
  await nextAttemptAt(db);
}

/** The plan's lines that read a whole table or a whole index: SQLite words them `SCAN …`, a lookup `SEARCH …`. */
function fullScans(sql: string): string[] {
  // kysely binds every value as `?`; the plan does not depend on the values, so nulls do.
  const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
  const plan = opened.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan.map((p) => p.detail).filter((d) => d.startsWith('SCAN ') && d !== 'SCAN CONSTANT ROW');
}

describe('the hot path uses indexes', () => {
  it('records the statements the stores run', async () => {
    await runHotPath();
    expect(statements.size).toBeGreaterThan(10);
  });

  it('finds a full scan when there is one (the check can fail)', () => {
    expect(fullScans("SELECT * FROM outbox WHERE body = 'x'")).toEqual(['SCAN outbox']);
  });

  it('reads no table whole', () => {
    const reads = [...statements].filter((s) => /^\s*(select|update|delete|insert)/i.test(s) && !/sqlite_master|schema_migrations|pragma/i.test(s));
    const scanning = reads.map((sql) => ({ sql, scans: fullScans(sql) })).filter((r) => r.scans.length > 0);
    expect(scanning).toEqual([]);
  });
});
