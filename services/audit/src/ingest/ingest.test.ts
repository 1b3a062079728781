import { migrate, openDatabase } from '@mou-hub/db';
import { Directory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../store/migrations.ts';
import type { AuditDb } from '../store/schema.ts';
import { startAuditBed, type AuditBed } from '../test-support.ts';
import { auditHandler, ingest } from './ingest.ts';

let bed: AuditBed;
beforeAll(async () => {
  bed = await startAuditBed();
});
afterAll(() => bed?.close());

describe('ingest', () => {
  it('is idempotent on redelivery: one row per stream sequence, the case computed once', async () => {
    const database = openDatabase<AuditDb>(':memory:');
    await migrate(database.db, migrations);
    const deps = { db: database.db, directory: () => new Directory(bed.snapshot), skewLimitMs: 900_000, log: createLogger('test') };
    const request = await bed.send('th-msdhs', 'la-mlsw', 'case.note', { text: 'x' }, { ref: 'LA-TH-2026-0007' });
    const delivery = { data: new TextEncoder().encode(request.jws), subject: 'mou.v1.msg.la-mlsw.th-msdhs', streamSeq: 41, streamTime: new Date() };
    expect(await ingest(deps, delivery)).toBe(true);
    expect(await ingest(deps, delivery)).toBe(false);
    expect(await ingest(deps, { ...delivery, deliveryCount: 3 } as typeof delivery)).toBe(false);
    const count = async (table: 'envelopes' | 'cases' | 'case_steps') =>
      Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
    expect(await count('envelopes')).toBe(1);
    expect(await count('cases')).toBe(1);
    expect(await count('case_steps')).toBe(2); // receipt and close: a note has no deadline
    // The opener's case reference is kept: the dashboard names the case by it.
    expect((await database.db.selectFrom('cases').select('ref').executeTakeFirstOrThrow()).ref).toBe('LA-TH-2026-0007');
    // The same bytes at another sequence (a replay through the broker) are kept: it is evidence.
    expect(await ingest(deps, { ...delivery, streamSeq: 42 })).toBe(true);
    expect(await count('envelopes')).toBe(2);
    expect(await count('cases')).toBe(1);
    await database.close();
  });

  it('records a burst handed over together in one transaction, in stream order, each acked once committed', async () => {
    const database = openDatabase<AuditDb>(':memory:');
    await migrate(database.db, migrations);
    let transactions = 0;
    const db = new Proxy(database.db, {
      get(target, key) {
        if (key === 'transaction') transactions++;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const handle = auditHandler({ db, directory: () => new Directory(bed.snapshot), skewLimitMs: 900_000, log: createLogger('test') });
    const notes = await Promise.all(Array.from({ length: 20 }, (_, i) => bed.send('th-msdhs', 'la-mlsw', 'case.note', { text: `burst ${i}` })));
    const deliveries = notes.map((n, i) => ({ data: new TextEncoder().encode(n.jws), subject: 'mou.v1.msg.la-mlsw.th-msdhs', streamSeq: 100 + i, streamTime: new Date(), deliveryCount: 1, pending: 0, final: false }));
    const verdicts = await Promise.all(deliveries.map((d) => handle(d as Parameters<typeof handle>[0])));
    expect(verdicts).toEqual(deliveries.map(() => 'ack'));
    expect(transactions).toBe(1);
    const rows = await database.db.selectFrom('envelopes').select(['stream_seq', 'id']).orderBy('stream_seq').execute();
    expect(rows.map((r) => r.id)).toEqual(notes.map((n) => n.id));
    expect(Number((await sql<{ n: number }>`select count(*) as n from cases`.execute(database.db)).rows[0]!.n)).toBe(20);
    // A redelivery of the burst records nothing twice.
    await Promise.all(deliveries.map((d) => handle(d as Parameters<typeof handle>[0])));
    expect((await database.db.selectFrom('envelopes').select('stream_seq').execute()).length).toBe(20);
    await database.close();
  });

  it('keeps the envelope when its case cannot be recomputed, and writes nothing of that case', async () => {
    const database = openDatabase<AuditDb>(':memory:');
    await migrate(database.db, migrations);
    const errors: string[] = [];
    const log = { ...createLogger('test'), error: (o: { err: string }) => void errors.push(o.err) } as unknown as ReturnType<typeof createLogger>;
    // A clock that cannot be read: the case's recomputation throws halfway.
    const deps = { db: database.db, directory: () => new Directory(bed.snapshot), skewLimitMs: 900_000, log, now: () => new Date(Number.NaN) };
    const request = await bed.send('th-msdhs', 'la-mlsw', 'case.note', { text: 'x' });
    const delivery = { data: new TextEncoder().encode(request.jws), subject: 'mou.v1.msg.la-mlsw.th-msdhs', streamSeq: 7, streamTime: new Date() };
    expect(await ingest(deps, delivery)).toBe(true);
    const count = async (table: 'envelopes' | 'cases' | 'case_steps') =>
      Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
    expect([await count('envelopes'), await count('cases'), await count('case_steps')]).toEqual([1, 0, 0]);
    expect(errors).toHaveLength(1);
    // The next envelope of the stream goes in as usual.
    expect(await ingest({ ...deps, log: createLogger('test'), now: () => new Date() }, { ...delivery, streamSeq: 8 })).toBe(true);
    expect(await count('cases')).toBe(1);
    await database.close();
  });
});
