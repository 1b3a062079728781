import { describe, expect, it } from 'vitest';
import { inFlightLimit, MIN_WRITE_RATE, overloaded, UNLIMITED_WRITE_RATE, writeRate } from './overload.ts';

const limits = { maxEventLoopDelayMs: 100, maxOutboxDepth: 50, maxInFlight: 10, retryAfterSeconds: 3 };

describe('overloaded', () => {
  const lagged = { eventLoopDelayMs: 300, outboxDepth: 0 };
  const calm = { eventLoopDelayMs: 5, outboxDepth: 0 };
  it.each([
    ['calm', calm, calm, undefined],
    ['at the limits', { eventLoopDelayMs: 100, outboxDepth: 50 }, { eventLoopDelayMs: 100, outboxDepth: 50 }, undefined],
    ['a lagging event loop, twice in a row', { eventLoopDelayMs: 240.6, outboxDepth: 0 }, lagged, { code: 'event-loop-saturated', params: { measured: 241, limit: 100 }, retryAfterSeconds: 3 }],
    ['one stall after a calm sample', { eventLoopDelayMs: 900, outboxDepth: 0 }, calm, undefined],
    ['one stall at start', { eventLoopDelayMs: 900, outboxDepth: 0 }, undefined, undefined],
    ['a deep outbox, at once', { eventLoopDelayMs: 5, outboxDepth: 51 }, undefined, { code: 'outbox-saturated', params: { measured: 51, limit: 50 }, retryAfterSeconds: 3 }],
    ['both: the event loop is named', { eventLoopDelayMs: 500, outboxDepth: 500 }, lagged, { code: 'event-loop-saturated', params: { measured: 500, limit: 100 }, retryAfterSeconds: 3 }],
  ])('%s', (_, sample, previous, expected) => {
    expect(overloaded(sample, limits, previous)).toEqual(expected);
  });
});

describe('inFlightLimit', () => {
  const busy = { eventLoopDelayMs: 20, outboxDepth: 0, eventLoopUtilization: 0.97 };
  const slack = { eventLoopDelayMs: 20, outboxDepth: 0, eventLoopUtilization: 0.5 };
  const max = { ...limits, maxInFlight: 64 };
  it.each([
    ['busy twice running: halved', 64, busy, busy, 32],
    ['busy once: kept (a garbage collection, a neighbour)', 64, busy, slack, 64],
    ['busy twice, already low: never under the floor', 20, busy, busy, 16],
    ['slack again: doubled', 16, slack, busy, 32],
    ['slack: never over maxInFlight', 48, slack, slack, 64],
    ['no utilization measured: slack', 16, { eventLoopDelayMs: 5, outboxDepth: 0 }, undefined, 32],
    ['busy twice at the floor: kept', 16, busy, busy, 16],
    ['at the limit (90 %): slack', 16, { ...busy, eventLoopUtilization: 0.9 }, busy, 32],
  ])('%s', (_, current, sample, previous, expected) => {
    expect(inFlightLimit(current, sample, max, previous)).toBe(expected);
  });
});

describe('writeRate', () => {
  const max = { ...limits, maxEventLoopUtilization: 0.9 };
  const saturated = { eventLoopDelayMs: 300, outboxDepth: 0, eventLoopUtilization: 0.99 };
  it.each([
    ['busy in long turns, no limit yet: 0.85 of what went in', Infinity, 120, saturated, 102],
    ['busy in long turns: 0.85 of the lower of the limit and what went in', 50, 80, saturated, 42.5],
    ['busy in long turns, little went in: never under the floor', 10, 1, saturated, MIN_WRITE_RATE],
    ['busy in short turns (the loop still accepts): raised', 50, 50, { ...saturated, eventLoopDelayMs: 40 }, 59],
    ['long turns with slack (a stall, a neighbour): raised to what went in, scaled to the busy limit', 50, 50, { ...saturated, eventLoopUtilization: 0.5 }, 90],
    ['room for more than double: doubled at most', 50, 80, { ...saturated, eventLoopUtilization: 0.6 }, 100],
    ['little room: a tenth and a few', 50, 50, { ...saturated, eventLoopUtilization: 0.85 }, 59],
    ['idle over half its time: doubled and a few', 30, 30, { eventLoopDelayMs: 20, outboxDepth: 0, eventLoopUtilization: 0.15 }, 64],
    ['idle, nothing came: doubled and a few', 30, 0, { eventLoopDelayMs: 20, outboxDepth: 0, eventLoopUtilization: 0.01 }, 64],
    ['at the utilization limit: raised', 20, 20, { ...saturated, eventLoopUtilization: 0.9 }, 26],
    ['no utilization measured: raised', 20, 0, { eventLoopDelayMs: 300, outboxDepth: 0 }, 26],
    ['raised past the unlimited mark: no limit', UNLIMITED_WRITE_RATE, 0, { eventLoopDelayMs: 5, outboxDepth: 0 }, Infinity],
    ['no limit stays none while calm', Infinity, 500, { eventLoopDelayMs: 5, outboxDepth: 0, eventLoopUtilization: 0.3 }, Infinity],
  ])('%s', (_, current, admitted, sample, expected) => {
    expect(writeRate(current, admitted, sample, max)).toBeCloseTo(expected, 6);
  });
});
