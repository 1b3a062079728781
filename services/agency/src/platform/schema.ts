import type { Generated } from 'kysely';
import type { AttachmentTables } from '../attachments/attachments-schema.ts';
import type { CaseTables } from '../cases/cases-schema.ts';
import type { DirectoryStateTables } from './directory-state.ts';
import type { EvidenceTables } from '../evidence/evidence-schema.ts';
import type { TranslationTables } from '../translations/translation-schema.ts';
import type { RoleGrantTables } from '../users/role-grants-schema.ts';
import type { OutboxStatus } from '../messages/rules/delivery-status.ts';

export type { OutboxStatus };

/** One message this agency sends: the officer's request and the receipts and problems it answers with. */
export interface OutboxTable {
  id: string;
  to_agency: string;
  agreement: string;
  type: string;
  thid: string;
  reply_to: string | null;
  lang: string | null;
  /** The body as JSON text, sealed at rest (`AtRest`): open it to read. */
  body: string;
  stats: string | null;
  expires: string | null;
  /** The case reference a thread's first message carries in its envelope (`LA-TH-2026-0042`). */
  ref: string | null;
  /** The envelope's `created`: when the message was queued. */
  created: string;
  status: OutboxStatus;
  /** The sealed envelope, written once: every retry publishes these exact bytes. */
  jws: string | null;
  envelope_hash: string | null;
  stream_seq: number | null;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  /** The `problem` code and detail that rejected it, or the reason it failed. */
  problem_code: string | null;
  problem_detail: string | null;
  /** Id of the receipt or problem that settled it. */
  settled_by: string | null;
  updated_at: string;
  /** A copy of message `copy_of` to one more party of its thread (issue 16): its envelope carries that id. Null otherwise. */
  copy_of: string | null;
}

/** Each status a sent message took, with when and why. */
export interface OutboxEventTable {
  seq: Generated<number>;
  message_id: string;
  status: OutboxStatus;
  at: string;
  detail: string | null;
}

/** A message received, verified, decrypted and committed (business, receipt or problem). */
export interface InboxTable {
  id: string;
  from_agency: string;
  agreement: string;
  type: string;
  thid: string;
  reply_to: string | null;
  lang: string | null;
  created: string;
  expires: string | null;
  received_at: string;
  /** The opened body as JSON text, sealed at rest (`AtRest`): open it to read. */
  body: string;
  salt: string | null;
  stats: string | null;
  envelope_hash: string;
  stream_seq: number;
}

/** A message that failed a check: kept with its code, never acted on. */
export interface QuarantineTable {
  seq: Generated<number>;
  message_id: string | null;
  from_agency: string | null;
  kid: string | null;
  code: string;
  detail: string;
  verified: number;
  received_at: string;
  subject: string;
  stream_seq: number;
  envelope_hash: string;
  size: number;
  /** 1 when `raw` keeps only a bounded prefix (unverified junk, or oversize); `envelope_hash` is of the whole. */
  truncated: Generated<number>;
  /** The bytes as received (cut to the size limit), for investigation; sealed at rest (`AtRest`). */
  raw: string;
}

/** Officers who may log in to this node. */
export interface UserTable {
  username: string;
  password_hash: string;
  /** JSON array of role names. */
  roles: string;
  display_name: string | null;
  /** Every token carries the version it was issued under; a bump (logout, new password, removal) ends them all. */
  token_version: Generated<number>;
  /** 1 for an officer no longer in the configuration: kept for the record, never let in. */
  disabled: Generated<number>;
  /** Who owns the officer: the node's configuration, or the administrator (console, users CLI). */
  source: Generated<UserSource>;
}

/** Where an officer comes from; a start syncs only the configuration's own. */
export type UserSource = 'config' | 'console';

/** The agency node's SQLite schema, as kysely sees it. */
export interface AgencyDatabase extends AttachmentTables, CaseTables, TranslationTables, DirectoryStateTables, EvidenceTables, RoleGrantTables {
  outbox: OutboxTable;
  outbox_events: OutboxEventTable;
  inbox: InboxTable;
  quarantine: QuarantineTable;
  users: UserTable;
}
