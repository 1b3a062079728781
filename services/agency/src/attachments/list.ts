import type { Kysely, Transaction } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { AttachmentDirection, AttachmentState } from './attachments-schema.ts';
import { caseAttachmentRows } from './attachment-store.ts';
import { openSealedOrClear, type AtRest } from '../platform/at-rest.ts';

/** An attachment as the case view shows it: metadata only, never content. */
export interface CaseAttachment {
  /** `sha256:` of the ciphertext; the download route's `:name`. */
  name: string;
  mediaType: string;
  /** Plaintext bytes. */
  size: number;
  /** `sha256:` of the plaintext. */
  digest: string;
  /** Sent: `stored`, `uploaded`. Received: `fetching`, `verified`, `attachment-missing`, `attachment-corrupt`. */
  state: AttachmentState;
  /** `out`: sent from here; `in`: received. */
  direction: AttachmentDirection;
  /** Why it is missing or corrupt (a code such as `not-found`, `digest-mismatch`). */
  problem?: string;
}

/**
 * Every attachment of a case, sent and received, oldest first, for the case view.
 *
 * @example
 * const attachments = await listCaseAttachments(deps.db, thid, deps.atRest); // [{ name, mediaType, size, digest, state, direction }]
 */
export async function listCaseAttachments(db: Kysely<AgencyDatabase> | Transaction<AgencyDatabase>, caseId: string, atRest: AtRest): Promise<CaseAttachment[]> {
  const rows = await caseAttachmentRows(db, caseId);
  return rows.map((r) => {
    const problem = r.detail ? (JSON.parse(r.detail) as { code?: string }).code : undefined;
    return {
      name: r.name,
      mediaType: r.media_type,
      size: r.size,
      digest: openSealedOrClear(atRest, r.digest),
      state: r.state,
      direction: r.direction,
      ...(problem && (r.state === 'attachment-missing' || r.state === 'attachment-corrupt') ? { problem } : {}),
    };
  });
}
