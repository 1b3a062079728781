/**
 * One message to the three parties of a case (issue 16): the sender logs two envelopes of one
 * id, one per recipient. They are one message sent twice, not a replay, as long as sender, type,
 * thread and time agree; each recipient's receipt settles its own envelope.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope } from '@mou-hub/protocol';
import { linkMessages } from './message-checks.ts';
import type { CheckedEntry } from './shape.ts';
import type { Failure } from './types.ts';

const ID = '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d';
const CREATED = '2026-03-01T08:00:00.000Z';
const step = (to: string, over: Partial<Envelope> = {}) =>
  ({ v: 1, id: ID, thid: ID, type: 'repatriation.handover.proposal', agreement: 'la-cn', from: 'cn-mps', to, created: CREATED, lang: 'zh-Hans', digest: 'sha256:x', body: { jwe: 'x' }, ...over }) as unknown as Envelope;
const receipt = (from: string, id: string, envelope: string) =>
  ({ v: 1, id, thid: ID, type: 'receipt', agreement: 'la-cn', from, to: 'cn-mps', created: CREATED, body: { for: ID, received: CREATED, envelope } }) as unknown as Envelope;

function link(payloads: readonly Envelope[], hashes: readonly string[]) {
  const verified = payloads.map((payload, index) => ({ index, payload, kid: `${payload.from}#sig`, envelopeHash: hashes[index]! }));
  const entries = payloads.map((p, index) => ({ index, entry: { v: 1, kind: 'envelope', direction: p.type === 'receipt' ? 'received' : 'sent', at: CREATED, jws: '' }, proof: [] }) as unknown as CheckedEntry);
  const failures: Failure[] = [];
  const lines = linkMessages(verified, [], entries, [], failures);
  return { lines, failures };
}

describe('two envelopes of one message id', () => {
  it('are one message to two parties: a line each, each settled by its own recipient', () => {
    const { lines, failures } = link(
      [step('la-mlsw'), step('la-emb-beijing'), receipt('la-mlsw', 'r1', 'h1'), receipt('la-emb-beijing', 'r2', 'h2')],
      ['h1', 'h2', 'r1h', 'r2h'],
    );
    expect(failures).toEqual([]);
    expect(lines.map((l) => [l.id, l.to, l.delivered?.index])).toEqual([[ID, 'la-mlsw', 2], [ID, 'la-emb-beijing', 3]]);
  });

  it('a receipt quoting the other recipient envelope is a mismatch', () => {
    const { failures } = link([step('la-mlsw'), step('la-emb-beijing'), receipt('la-emb-beijing', 'r2', 'h1')], ['h1', 'h2', 'r2h']);
    expect(failures.map((f) => f.code)).toEqual(['receipt-mismatch']);
  });

  it.each<[string, Partial<Envelope>]>([
    ['another type', { type: 'repatriation.handover.completed' }],
    ['another sender', { from: 'la-mlsw' }],
    ['another time', { created: '2026-03-01T09:00:00.000Z' }],
    ['another thread', { thid: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0e' }],
  ])('with %s is a replay', (_, over) => {
    const { failures } = link([step('la-mlsw'), step('la-emb-beijing', over)], ['h1', 'h2']);
    expect(failures.map((f) => f.code)).toEqual(['replay']);
  });

  it('to the same recipient with other bytes is a replay; with the same bytes, one line', () => {
    expect(link([step('la-mlsw'), step('la-mlsw')], ['h1', 'h2']).failures.map((f) => f.code)).toEqual(['replay']);
    const same = link([step('la-mlsw'), step('la-mlsw')], ['h1', 'h1']);
    expect([same.failures, same.lines.length]).toEqual([[], 1]);
  });
});
