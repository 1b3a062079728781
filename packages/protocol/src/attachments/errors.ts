/** Why an attachment could not be encrypted or opened. */
export type AttachmentErrorCode =
  /** The bytes do not start with a version 1 header. */
  | 'attachment-malformed'
  /** The header has no stanza for a key this agency holds. */
  | 'attachment-no-key'
  /** A stanza names a key this agency holds, but its file key does not unwrap. */
  | 'attachment-wrong-key'
  /** A chunk does not authenticate: a flipped byte, chunks reordered, or a changed header. */
  | 'attachment-corrupt'
  /** The stream ends before its last chunk. */
  | 'attachment-truncated'
  /** More plaintext than the size limit allows. */
  | 'attachment-too-large'
  /** A recipient key given to the encryptor is not a public X25519 JWK. */
  | 'attachment-key-invalid';

/**
 * The one error of the attachment format: a stable code and parameters, never file content.
 *
 * @example
 * stream.on('error', (e) => { if (e instanceof AttachmentError) markState(e.code); });
 */
export class AttachmentError extends Error {
  override readonly name = 'AttachmentError';
  constructor(
    readonly code: AttachmentErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
  }
}
