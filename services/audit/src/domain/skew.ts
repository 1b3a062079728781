/**
 * The signed `created` minus the stream's timestamp, and whether that is farther than
 * `limitMs` either way. A message created long before the broker saw it is what a stolen,
 * since revoked, key would sign (backdated to before the revocation); a message held in an
 * outbox through a long outage looks the same, so a flag asks for a look, not a verdict.
 *
 * @example
 * createdSkew('2026-03-01T08:00:00.000Z', new Date('2026-03-01T09:00:00.000Z'), 600_000); // { skewMs: -3600000, flagged: true }
 */
export function createdSkew(created: string, streamTime: Date, limitMs: number): { skewMs: number; flagged: boolean } {
  const skewMs = Date.parse(created) - streamTime.getTime();
  return { skewMs, flagged: Math.abs(skewMs) > limitMs };
}
