import { EXAMPLE_IDS, exampleBodies } from '@mou-hub/protocol';
import type { FormNode } from '@mou-hub/web-kit';
import { describe, expect, it } from 'vitest';
import { PATHS, reach } from '../../../../../packages/workflows/src/test-support.ts';
import { actionFields, nodeFilled, planActionForm, recordsToCountersign, shadowedBy, type ThreadEntry } from './action-form.ts';

const key = (nodes: readonly FormNode[], k: string) => nodes.find((n) => n.key === k);
const options = (nodes: readonly FormNode[]) => {
  const root = nodes[0];
  return root?.kind === 'variant' ? root.options.map((o) => o.value) : [];
};

describe('an action form offers its own option only', () => {
  const proposed = reach(PATHS.repatriation['handover-proposed']!);
  it.each([
    ['confirm-handover', ['true']],
    ['counter-propose-handover', ['false']],
  ])('%s → %j', (name, values) => {
    expect(options(actionFields(proposed, 'responder', name, 'repatriation.handover.confirmation'))).toEqual(values);
  });

  it.each([
    ['answer', 'full'],
    ['answer-partially', 'partial'],
  ])('%s sets completeness %s, not asked', (name, value) => {
    const nodes = actionFields(reach(PATHS.investigation.acknowledged!), 'responder', name, 'investigation.response');
    expect(key(nodes, 'completeness')).toMatchObject({ kind: 'constant', literal: value });
  });

  it('closing offers both closed and referred', () => {
    const nodes = actionFields(reach(PATHS.repatriation.assessed!), 'initiator', 'close', 'case.closed');
    expect(options(nodes)).toEqual(['Closed', 'ClosedReferred']);
  });

  it('a note while information is asked for is the answer: its own form is not offered', () => {
    const state = reach(PATHS.repatriation['information-requested']!);
    expect(shadowedBy(state, 'initiator', { name: 'note', type: 'case.note' })).toBe('provide-information');
    expect(shadowedBy(state, 'initiator', { name: 'provide-information', type: 'case.note' })).toBeUndefined();
  });
});

describe('ids the node knows are filled by the node', () => {
  const completion = { id: '019d0000-0000-7000-8000-000000000001', type: 'repatriation.handover.completed', direction: 'in', body: exampleBodies['repatriation.handover.completed'] } as const;
  const thread: ThreadEntry[] = [{ id: EXAMPLE_IDS.proposal, type: 'repatriation.handover.proposal', direction: 'out', body: {} }, completion];

  it.each([
    ['confirm-handover', 'repatriation.handover.confirmation', { proposal: EXAMPLE_IDS.proposal }],
    ['complete-handover', 'repatriation.handover.completed', { proposal: EXAMPLE_IDS.proposal, countersigns: undefined }],
    ['countersign-handover', 'repatriation.handover.completed', { proposal: EXAMPLE_IDS.proposal, countersigns: completion.id }],
    ['note', 'case.note', {}],
  ])('%s', (name, type, filled) => {
    expect(nodeFilled(name, type, thread)).toEqual(filled);
  });

  it('the countersign form asks for neither id and repeats the host records', () => {
    const nodes = planActionForm(reach(PATHS.repatriation['handover-awaiting-countersign']!), 'responder', { name: 'countersign-handover', type: 'repatriation.handover.completed' }, thread);
    expect(key(nodes, 'proposal')).toMatchObject({ kind: 'constant', literal: EXAMPLE_IDS.proposal });
    expect(key(nodes, 'countersigns')).toMatchObject({ kind: 'constant', literal: completion.id });
    expect(recordsToCountersign(thread)).toEqual(completion.body.records);
  });
});
