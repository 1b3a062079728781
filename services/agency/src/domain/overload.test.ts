import { describe, expect, it } from 'vitest';
import { overloaded } from './overload.ts';

const limits = { maxEventLoopDelayMs: 100, maxOutboxDepth: 50, retryAfterSeconds: 3 };

describe('overloaded', () => {
  it.each([
    ['calm', { eventLoopDelayMs: 5, outboxDepth: 0 }, undefined],
    ['at the limits', { eventLoopDelayMs: 100, outboxDepth: 50 }, undefined],
    ['a lagging event loop', { eventLoopDelayMs: 240.6, outboxDepth: 0 }, { code: 'event-loop-saturated', params: { measured: 241, limit: 100 }, retryAfterSeconds: 3 }],
    ['a deep outbox', { eventLoopDelayMs: 5, outboxDepth: 51 }, { code: 'outbox-saturated', params: { measured: 51, limit: 50 }, retryAfterSeconds: 3 }],
    ['both: the event loop is named', { eventLoopDelayMs: 500, outboxDepth: 500 }, { code: 'event-loop-saturated', params: { measured: 500, limit: 100 }, retryAfterSeconds: 3 }],
  ])('%s', (_, sample, expected) => {
    expect(overloaded(sample, limits)).toEqual(expected);
  });
});
