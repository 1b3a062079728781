import { describe, expect, it } from 'vitest';
import { BusError } from './bus-error.ts';
import { inboxConsumerName, messageSubject, parseMessageSubject } from './subjects.ts';

describe('subjects', () => {
  it('builds and parses message subjects', () => {
    const subject = messageSubject('th-msdhs', 'la-mlsw');
    expect(subject).toBe('mou.v1.msg.th-msdhs.la-mlsw');
    expect(parseMessageSubject(subject)).toEqual({ to: 'th-msdhs', from: 'la-mlsw' });
  });

  it('rejects tokens that would change the subject', () => {
    expect(() => messageSubject('th.msdhs', 'la-mlsw')).toThrow(BusError);
    expect(() => messageSubject('*', 'la-mlsw')).toThrow(BusError);
    expect(() => inboxConsumerName('')).toThrow(BusError);
  });

  it('returns undefined for other subjects', () => {
    expect(parseMessageSubject('mou.v1.msg.th-msdhs')).toBeUndefined();
    expect(parseMessageSubject('mou.v2.msg.a.b')).toBeUndefined();
    expect(parseMessageSubject('mou.v1.msg.a.b.c')).toBeUndefined();
  });

  it('names inbox consumers', () => {
    expect(inboxConsumerName('la-mlsw')).toBe('inbox-la-mlsw');
  });
});
