/** How long a backlog may wait with nothing handled before the inbox counts as stalled. */
export const INBOX_STALL_MS = 60_000;

/**
 * The inbox's line in `/readyz`: not ready when messages wait on the consumer (`pending`) and
 * none has been settled (committed or quarantined) for `stallMs`: a consumer that stopped
 * draining (a handler stuck, a loop that died) while the node still answers.
 *
 * @example
 * drainReadiness(12, lastSettledAt, Date.now()); // { ok: false, detail: '12 waiting, none handled for 75 s' }
 */
export function drainReadiness(pending: number | undefined, lastSettledAt: number, now: number, stallMs = INBOX_STALL_MS): { ok: boolean; detail: string } {
  if (pending === undefined) return { ok: true, detail: 'backlog unknown' };
  const idle = Math.max(0, now - lastSettledAt);
  if (pending > 0 && idle > stallMs) return { ok: false, detail: `${pending} waiting, none handled for ${Math.round(idle / 1000)} s` };
  return { ok: true, detail: pending === 0 ? 'drained' : `${pending} waiting, draining` };
}
