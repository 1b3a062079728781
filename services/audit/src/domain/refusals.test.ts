import { describe, expect, it } from 'vitest';
import { refusedMessages, type Answer } from './refusals.ts';

const sent = [{ id: 'm', from_agency: 'th-msdhs', to_agency: 'la-mlsw' }];
const answer = (type: string, from: string, to = 'th-msdhs', forId = 'm'): Answer => ({ for_id: forId, type, from_agency: from, to_agency: to });

describe('refusedMessages', () => {
  it.each([
    ['a problem from the recipient', [answer('problem', 'la-mlsw')], ['m']],
    ['a problem from a third party that knew the id', [answer('problem', 'vn-mps')], []],
    ['a problem from the sender itself', [answer('problem', 'th-msdhs', 'la-mlsw')], []],
    ['a problem from the recipient to someone else', [answer('problem', 'la-mlsw', 'vn-mps')], []],
    ['a problem after the recipient\'s receipt', [answer('receipt', 'la-mlsw'), answer('problem', 'la-mlsw')], []],
    ['a receipt from a third party, then the recipient\'s problem', [answer('receipt', 'vn-mps'), answer('problem', 'la-mlsw')], ['m']],
    ['a problem for a message not in the thread', [answer('problem', 'la-mlsw', 'th-msdhs', 'other')], []],
  ])('%s', (_what, answers, refused) => {
    expect([...refusedMessages(sent, answers)]).toEqual(refused);
  });
});
