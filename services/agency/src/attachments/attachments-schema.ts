/** `out`: this agency sent it; `in`: a counterpart sent it here. */
export type AttachmentDirection = 'out' | 'in';

/**
 * Where an attachment stands here. Sent: `stored` (encrypted, kept here, not yet in the
 * recipient's stream; messages naming it wait) → `uploaded`. Received: `fetching` →
 * `verified`, or `attachment-missing` (not, or not wholly, in the stream yet; still retried)
 * or `attachment-corrupt` (the bytes do not hash to the name, do not decrypt, or do not match
 * the message's digest or size; final).
 */
export type AttachmentState = 'stored' | 'uploaded' | 'fetching' | 'verified' | 'attachment-missing' | 'attachment-corrupt';

/** One attachment of a case, sent or received. The file itself is ciphertext on disk. */
export interface AttachmentTable {
  /** `sha256:` of the ciphertext: the name in the stream and the file name here. */
  name: string;
  direction: AttachmentDirection;
  /** The case (thread) it belongs to. */
  thid: string;
  counterpart: string;
  /** For `in`: the message that first named it. */
  message_id: string | null;
  media_type: string;
  /** Plaintext bytes. */
  size: number;
  /** `sha256:` of the plaintext. */
  digest: string;
  state: AttachmentState;
  /** Why it is missing or corrupt, as a code and parameters (JSON); never file content. */
  detail: string | null;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  updated_at: string;
}

/** How far the fetcher has looked through the inbox for attachments (one row). */
export interface AttachmentScanTable {
  id: number;
  /** The inbox's last rowid already scanned. */
  inbox_rowid: number;
}

/** The tables of migration `0005-attachments`. */
export interface AttachmentTables {
  attachments: AttachmentTable;
  attachment_scan: AttachmentScanTable;
}
