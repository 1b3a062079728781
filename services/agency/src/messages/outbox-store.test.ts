import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { atRestWithKey } from '../platform/at-rest.ts';
import { dueMessages, findOutbox, markPublished, outboxEvents, queueMessage, retryFailedPublishesNow, saveSealed, saveSealedAll, scheduleRetry, settle } from './outbox-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

const T0 = '2026-11-23T08:00:00.000Z';
const T1 = '2026-11-23T08:00:01.000Z';
const atRest = atRestWithKey(randomBytes(32));
const queue = (id: string, thid: string, created: string, type = 'case.note') =>
  queueMessage(db, { id, to: 'la-mlsw', agreement: 'la-th', type, thid, lang: 'th', body: { text: id }, created }, atRest);

describe('the outbox', () => {
  it('stores the body sealed: the row holds no clear text, and opens to the body', async () => {
    await queue('m-victim-name', 'm1', T0);
    const row = await findOutbox(db, 'm-victim-name');
    expect(row?.body).not.toContain('victim');
    expect(JSON.parse(atRest.open(row!.body))).toEqual({ text: 'm-victim-name' });
  });

  it('holds a business message back until the older ones of its thread are published; receipts never wait', async () => {
    await queue('m1', 'm1', T0, 'repatriation.request');
    await queue('m2', 'm1', T1);
    await queue('n1', 'n1', T1);
    await queue('r1', 'm1', T1, 'receipt');
    expect((await dueMessages(db, T1, 10)).map((r) => r.id)).toEqual(['m1', 'n1', 'r1']);
    await markPublished(db, [{ id: 'm1', streamSeq: 1 }], T1);
    expect((await dueMessages(db, T1, 10)).map((r) => r.id)).toEqual(['m2', 'n1', 'r1']);
  });

  it('makes the messages whose publish failed due at once when the broker is back; a message held for an attachment keeps its time', async () => {
    const later = '2026-11-23T08:00:30.000Z';
    await queue('failed', 'failed', T0);
    await queue('held', 'held', T0);
    await queue('published', 'published', T0);
    await scheduleRetry(db, 'failed', 6, later, 'no responders');
    await scheduleRetry(db, 'held', 0, later, 'attachment-pending: 1 not yet uploaded');
    await scheduleRetry(db, 'published', 1, later, 'timeout');
    await markPublished(db, [{ id: 'published', streamSeq: 1 }], T0);
    expect(await findOutbox(db, 'published')).toMatchObject({ status: 'published', stream_seq: 1, last_error: null, updated_at: T0 });
    expect(await dueMessages(db, T1, 10)).toEqual([]);
    expect(await retryFailedPublishesNow(db, T1)).toBe(1);
    expect((await dueMessages(db, T1, 10)).map((r) => [r.id, r.attempts])).toEqual([['failed', 6]]);
    expect((await findOutbox(db, 'held'))?.next_attempt_at).toBe(later);
    expect(await retryFailedPublishesNow(db, T1)).toBe(0);
  });

  it('stores the sealed bytes once: a second seal never replaces the first', async () => {
    await queue('m1', 'm1', T0);
    await saveSealed(db, 'm1', 'first.jws.bytes', 'sha256:first');
    await saveSealed(db, 'm1', 'second.jws.bytes', 'sha256:second');
    expect((await findOutbox(db, 'm1'))?.jws).toBe('first.jws.bytes');
  });

  it('stores a round of sealed envelopes together, each only once', async () => {
    await queue('m1', 'm1', T0);
    await queue('m2', 'm2', T0);
    await saveSealed(db, 'm1', 'first.jws.bytes', 'sha256:first');
    await saveSealedAll(db, [
      { id: 'm1', jws: 'again.jws.bytes', envelopeHash: 'sha256:again' },
      { id: 'm2', jws: 'm2.jws.bytes', envelopeHash: 'sha256:m2' },
    ]);
    expect((await findOutbox(db, 'm1'))?.jws).toBe('first.jws.bytes');
    expect(await findOutbox(db, 'm2')).toMatchObject({ jws: 'm2.jws.bytes', envelope_hash: 'sha256:m2' });
  });

  it('moves statuses only forward, and trusts a receipt only for the bytes that were sent', async () => {
    await queue('m1', 'm1', T0);
    await saveSealed(db, 'm1', 'jws', 'sha256:sent');
    const receipt = { forId: 'm1', from: 'la-mlsw', status: 'delivered' as const, by: 'r1', at: T1 };
    expect(await settle(db, { ...receipt, envelope: 'sha256:other' }, atRest)).toBe('mismatch');
    expect(await settle(db, { ...receipt, from: 'vn-mps', envelope: 'sha256:sent' }, atRest)).toBe('unknown');
    expect(await settle(db, { ...receipt, envelope: 'sha256:sent' }, atRest)).toBe('settled');
    // The stream's ack comes late, and a problem after the receipt: neither undoes it.
    await markPublished(db, [{ id: 'm1', streamSeq: 7 }], T1);
    expect(await settle(db, { forId: 'm1', from: 'la-mlsw', status: 'rejected', by: 'p1', at: T1, code: 'replay', detail: 'x' }, atRest)).toBe('kept');
    const row = await findOutbox(db, 'm1');
    expect(row).toMatchObject({ status: 'delivered', stream_seq: 7, settled_by: 'r1' });
    // A problem's detail (the counterpart's free text) is sealed, and not repeated in the history.
    await queue('m3', 'm3', T0);
    await saveSealed(db, 'm3', 'jws', 'sha256:m3');
    expect(await settle(db, { forId: 'm3', from: 'la-mlsw', status: 'rejected', by: 'p3', at: T1, code: 'schema-invalid', detail: 'Somchai: birth date' }, atRest)).toBe('settled');
    const rejected = await findOutbox(db, 'm3');
    expect(rejected?.problem_detail?.startsWith('ar1:')).toBe(true);
    expect(atRest.open(rejected!.problem_detail!)).toBe('Somchai: birth date');
    const events = await db.selectFrom('outbox_events').select('detail').where('message_id', '=', 'm3').execute();
    expect(events.map((e) => e.detail).join(' ')).not.toContain('Somchai');
    expect((await outboxEvents(db, 'm1')).map((e) => e.status)).toEqual(['queued', 'queued', 'published', 'delivered', 'delivered']);
  });
});
