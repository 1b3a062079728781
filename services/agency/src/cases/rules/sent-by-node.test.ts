import { describe, expect, it } from 'vitest';
import { officerActions, sentByNode } from './sent-by-node.ts';

describe('sentByNode', () => {
  it.each([
    ['receipt', true],
    ['problem', true],
    ['translation.status', true],
    ['case.note', false],
    ['repatriation.request', false],
  ])('%s → %s', (type, want) => {
    expect(sentByNode(type)).toBe(want);
  });

  it('leaves the node’s types out of the officer’s actions', () => {
    const actions = [
      { name: 'note', type: 'case.note' },
      { name: 'translation-status', type: 'translation.status' },
      { name: 'close', type: 'case.closed' },
    ];
    expect(officerActions(actions).map((a) => a.name)).toEqual(['note', 'close']);
  });
});
