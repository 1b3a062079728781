import { describe, expect, it } from 'vitest';
import { checkThreadStep, type ThreadFacts } from './thread-rules.ts';

const none: ThreadFacts = { exists: false, types: new Set() };
const thread = (...types: string[]): ThreadFacts => ({ exists: true, types: new Set(types) });
const reply = (type: string) => ({ id: 'm2', thid: 'm1', type });

describe('checkThreadStep', () => {
  it('lets requests and notes open threads, and nothing else', () => {
    expect(checkThreadStep(none, { id: 'a', thid: 'a', type: 'repatriation.request' })).toBeUndefined();
    expect(checkThreadStep(none, { id: 'a', thid: 'a', type: 'case.note' })).toBeUndefined();
    expect(checkThreadStep(none, { id: 'a', thid: 'a', type: 'repatriation.assessment' })?.detail).toMatch(/cannot open/);
  });

  it('refuses a reply on a thread this agency has never seen', () => {
    expect(checkThreadStep(none, reply('case.note'))?.detail).toMatch(/not known/);
  });

  it('allows only notes after a case is closed', () => {
    const closed = thread('case.note', 'case.closed');
    expect(checkThreadStep(closed, reply('case.closed'))?.detail).toMatch(/closed/);
    expect(checkThreadStep(closed, reply('case.note'))).toBeUndefined();
  });

  it('never judges receipts and problems', () => {
    expect(checkThreadStep(none, reply('receipt'))).toBeUndefined();
  });
});
