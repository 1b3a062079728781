/** Stable codes of {@link BusError}. */
export type BusErrorCode =
  /** A subject token (agency id) is empty or holds `.`, `*`, `>` or whitespace. */
  | 'invalid-subject'
  /** A setting breaks a transport rule (e.g. duplicate window under 10 minutes). */
  | 'invalid-config'
  /** An existing stream or consumer differs in a field that cannot be updated. */
  | 'config-conflict'
  /** A bucket, stream or consumer that must exist does not. */
  | 'not-found'
  /** The stream did not acknowledge a publish in time. */
  | 'timeout'
  /** Some parts of an attachment are in the store, not all (still uploading, or lost). */
  | 'incomplete'
  /** An attachment's parts do not hash to its name, or disagree with each other. */
  | 'corrupt'
  /** The sender's attachment quota at the recipient is used up; retry once it has fetched some. */
  | 'full'
  /** Any other failure to publish or to set up. */
  | 'publish-failed'
  | 'setup-failed';

/**
 * The one error type of `@mou-hub/bus`: a stable code, a human message, the cause.
 *
 * @example
 * try { await publishMessage(bus, msg); }
 * catch (e) { if (e instanceof BusError && e.code === 'timeout') retryLater(); }
 */
export class BusError extends Error {
  override readonly name = 'BusError';
  constructor(
    readonly code: BusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when a NATS API error says the stream or consumer does not exist. */
export function isNotFound(error: unknown): boolean {
  const e = error as { api_error?: { err_code?: number }; message?: string } | undefined;
  const code = e?.api_error?.err_code;
  // 10059 stream not found, 10014 consumer not found
  return code === 10059 || code === 10014 || /not found/i.test(e?.message ?? '');
}
