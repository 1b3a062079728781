import { describe, expect, it } from 'vitest';
import { decideSettlement, mayMoveTo, OUTBOX_STATUSES, type OutboxStatus } from './delivery-status.ts';

describe('decideSettlement', () => {
  it.each([
    ['a receipt for a published message', 'published', 'h1', { status: 'delivered', envelope: 'h1' }, { kind: 'settle', publishedFirst: false }],
    ['a receipt before the stream ack was recorded', 'queued', 'h1', { status: 'delivered', envelope: 'h1' }, { kind: 'settle', publishedFirst: true }],
    ['a problem for a published message', 'published', 'h1', { status: 'rejected' }, { kind: 'settle', publishedFirst: false }],
    ['a receipt naming other bytes', 'published', 'h1', { status: 'delivered', envelope: 'h2' }, { kind: 'mismatch' }],
    ['a receipt for a message never sealed', 'queued', null, { status: 'delivered', envelope: 'h1' }, { kind: 'mismatch' }],
    ['a problem after a receipt', 'delivered', 'h1', { status: 'rejected' }, { kind: 'kept' }],
    ['a second receipt', 'delivered', 'h1', { status: 'delivered', envelope: 'h1' }, { kind: 'kept' }],
    ['a receipt after a problem', 'rejected', 'h1', { status: 'delivered', envelope: 'h1' }, { kind: 'kept' }],
    ['a receipt for a message given up', 'failed', 'h1', { status: 'delivered', envelope: 'h1' }, { kind: 'kept' }],
  ] as const)('%s', (_what, current, hash, reply, decision) => {
    expect(decideSettlement(current, hash, reply)).toEqual(decision);
  });
});

describe('mayMoveTo', () => {
  const forward: [OutboxStatus, OutboxStatus][] = [['queued', 'published'], ['queued', 'failed'], ['published', 'delivered'], ['published', 'rejected'], ['queued', 'delivered']];
  it.each(forward)('%s → %s moves forward', (a, b) => expect(mayMoveTo(a, b)).toBe(true));
  it('never moves back or sideways between final statuses', () => {
    const final = OUTBOX_STATUSES.filter((s) => s !== 'queued' && s !== 'published');
    for (const a of final) for (const b of OUTBOX_STATUSES) expect(mayMoveTo(a, b), `${a} → ${b}`).toBe(false);
    expect(mayMoveTo('published', 'queued')).toBe(false);
  });
});
