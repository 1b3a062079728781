/**
 * The payload of a compact JWS read WITHOUT checking its signature, or `{}` when it is not a
 * JSON object. Only to sort or file what is verified elsewhere (which key to pick, which case an
 * entry is of, which witness signed): never to decide that something is true.
 *
 * @example
 * const { thid } = unverifiedPayload(entry.jws);
 */
export function unverifiedPayload(jws: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
