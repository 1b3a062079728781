import { describe, expect, it } from 'vitest';
import { commitFailureDetail, isTransientFailure } from './commit-failure.ts';

const sqlite = (code: string, message = 'x') => Object.assign(new Error(message), { name: 'SqliteError', code });

describe('commit failures', () => {
  it.each([
    [sqlite('SQLITE_BUSY'), true],
    [sqlite('SQLITE_IOERR_WRITE'), true],
    [sqlite('SQLITE_FULL'), true],
    [new Error('The database connection is not open'), true],
    [Object.assign(new Error('the case moved'), { retryable: true }), true],
    [sqlite('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: cases.id'), false],
    [sqlite('SQLITE_CONSTRAINT_CHECK'), false],
    [new TypeError('cannot read properties of undefined'), false],
    ['a string', false],
  ])('%s is transient: %s', (error, transient) => {
    expect(isTransientFailure(error)).toBe(transient);
  });

  it('names the error class and code, never its message', () => {
    const e = sqlite('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: secret name');
    expect(commitFailureDetail(e, false)).toBe('cannot be stored here (SqliteError SQLITE_CONSTRAINT_PRIMARYKEY)');
    expect(commitFailureDetail(new Error('secret'), true)).toBe('not stored after the last delivery (Error)');
  });
});
