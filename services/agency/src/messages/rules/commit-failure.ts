/**
 * Whether a failed commit may succeed if tried again: the database busy, locked, out of disk or
 * unreachable (SQLite's BUSY, LOCKED, IOERR, FULL, CANTOPEN, NOMEM, or a closed connection),
 * or an error that says it is `retryable` (a race the node lost).
 * Anything else (a constraint the message breaks, a step the case rules throw on) fails the
 * same way every time: such a message is quarantined at once, not redelivered.
 *
 * @example
 * isTransientFailure(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })); // true
 * isTransientFailure(Object.assign(new Error('UNIQUE constraint failed: cases.id'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })); // false
 */
export function isTransientFailure(error: unknown): boolean {
  // A race the node lost (the case moved under it): trying again gives the real answer.
  if ((error as { retryable?: unknown } | undefined)?.retryable === true) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && TRANSIENT.test(code)) return true;
  return error instanceof Error && /database connection is not open|driver has already been destroyed/i.test(error.message);
}

const TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|NOMEM|INTERRUPT|PROTOCOL)/;

/**
 * The quarantine's words for a message that passed every check but could not be stored: the
 * error's class and SQLite code, never its message (which may quote the message's data).
 */
export function commitFailureDetail(error: unknown, final: boolean): string {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  const what = [typeof e?.name === 'string' ? e.name : 'Error', typeof e?.code === 'string' ? e.code : undefined].filter(Boolean).join(' ');
  return final ? `not stored after the last delivery (${what})` : `cannot be stored here (${what})`;
}
