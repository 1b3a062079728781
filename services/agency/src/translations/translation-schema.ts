import type { Generated } from 'kysely';
import type { TranslationStatus } from '@mou-hub/protocol';

/** How a job came to be: the language policy, a supervisor's request, or the other side's message. */
export type TranslationOrigin = 'policy' | 'requested' | 'counterpart';

/** One document version to translate into one language, held by this node or mirrored from the other side. */
export interface TranslationJobTable {
  id: string;
  /** The agency that translates: this node, or the counterpart for a mirrored job. */
  held_by: string;
  /** The holder's side of the case: `initiator` (opened the thread) or `responder`. */
  side: string;
  /** The case (thread) the document belongs to. */
  thid: string;
  agreement: string;
  /** The other party of the case, to whom status changes go (or from whom they come). */
  counterpart: string;
  document_kind: 'message' | 'attachment';
  /** A message id, or an attachment's `sha256:` reference. */
  document_id: string;
  source_lang: string;
  target_lang: string;
  status: TranslationStatus;
  origin: TranslationOrigin;
  /** Username (here) or officer name (mirrored) of whoever claimed it. */
  translator: string | null;
  reviewer: string | null;
  /** When the step waiting for this translation is due, if a deadline says so. */
  due: string | null;
  created_at: string;
  updated_at: string;
}

/** Each status a job took, in order; mirrored jobs take the counterpart's times. */
export interface TranslationEventTable {
  seq: Generated<number>;
  job_id: string;
  status: TranslationStatus;
  at: string;
  actor: string | null;
  /** A return note or a not-needed reason, sealed at rest. */
  note_sealed: string | null;
}

/** A translation: a new version of the document, linked to its job and original, sealed at rest. */
export interface TranslationVersionTable {
  id: string;
  job_id: string;
  /** 1, 2, …: a returned translation is followed by a new version. */
  version: number;
  kind: 'human' | 'machine';
  /** The translated text, sealed; null when the translation is a file. */
  text_sealed: string | null;
  /** A translated file: its attachment reference (`sha256:` of the ciphertext). */
  attachment: string | null;
  /** `sha256:` of the translated text, or the attachment reference: `translation` in `translation.status`. */
  digest: string;
  translator: string | null;
  reviewer: string | null;
  submitted_at: string;
  reviewed_at: string | null;
}

/** The translation tables of the agency database. */
export interface TranslationTables {
  translation_jobs: TranslationJobTable;
  translation_events: TranslationEventTable;
  translation_versions: TranslationVersionTable;
}
