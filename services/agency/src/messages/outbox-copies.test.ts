/**
 * A message of a case of three parties (issue 16): one outbox row per recipient, the copy keyed
 * `<id>.<to>` and carrying the message's own id; each recipient's receipt settles its own row.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { atRestWithKey } from '../platform/at-rest.ts';
import { dueMessages, findOutbox, markPublished, queueMessage, saveSealed, settle } from './outbox-store.ts';
import { sealInput } from './message-row.ts';
import { threadMessages } from './thread-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

const T0 = '2026-11-23T08:00:00.000Z';
const atRest = atRestWithKey(randomBytes(32));
const ID = 'm1';
const message = { id: ID, to: 'la-mlsw', agreement: 'la-cn', type: 'repatriation.handover.proposal', thid: 't1', lang: 'zh-Hans', body: { persons: ['C1'] }, created: T0 };

async function queueBoth(): Promise<void> {
  await queueMessage(db, message, atRest);
  await queueMessage(db, { ...message, id: `${ID}.la-emb-beijing`, to: 'la-emb-beijing', copyOf: ID }, atRest);
}

describe('a message to a third party of its case', () => {
  it('seals the copy with the message id, publishes it after the message, and lists the thread once', async () => {
    await queueBoth();
    const copy = await findOutbox(db, `${ID}.la-emb-beijing`);
    expect(sealInput(copy!, 'cn-mps', atRest)).toMatchObject({ id: ID, to: 'la-emb-beijing', thid: 't1' });
    expect((await dueMessages(db, T0, 10)).map((r) => r.id)).toEqual([ID]);
    await markPublished(db, [{ id: ID, streamSeq: 1 }], T0);
    expect((await dueMessages(db, T0, 10)).map((r) => r.id)).toEqual([`${ID}.la-emb-beijing`]);
    expect((await threadMessages(db, 't1')).map((e) => e.row.id)).toEqual([ID]);
  });

  it('settles each row by its own recipient receipt; an agency that got neither is unknown', async () => {
    await queueBoth();
    await saveSealed(db, ID, 'jws-1', 'h1');
    await saveSealed(db, `${ID}.la-emb-beijing`, 'jws-2', 'h2');
    const receipt = (from: string, envelope: string) => ({ forId: ID, from, status: 'delivered' as const, by: `r-${from}`, at: T0, envelope });
    expect(await settle(db, receipt('la-emb-beijing', 'h2'), atRest)).toBe('settled');
    expect((await findOutbox(db, ID))?.status).toBe('queued');
    expect((await findOutbox(db, `${ID}.la-emb-beijing`))?.status).toBe('delivered');
    // The embassy's receipt cannot settle la-mlsw's envelope: it quotes its own hash.
    expect(await settle(db, receipt('la-mlsw', 'h2'), atRest)).toBe('mismatch');
    expect(await settle(db, receipt('la-mlsw', 'h1'), atRest)).toBe('settled');
    expect((await findOutbox(db, ID))?.status).toBe('delivered');
    expect(await settle(db, receipt('la-mps', 'h1'), atRest)).toBe('unknown');
  });
});
