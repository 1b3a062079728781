import type { Kysely, Transaction } from 'kysely';
import type { AgencyDatabase } from './schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/** The one row of the highest directory version this node accepted. */
export interface DirectoryStateTable {
  /** Always 1. */
  id: number;
  version: number;
  /** `sha256:` of the snapshot's JWS. */
  hash: string;
  /** The snapshot's `issued`. */
  issued: string;
  /** When this node took it (RFC 3339). */
  accepted_at: string;
}

/** The tables of migration `0002-directory-state-quarantine` that are new. */
export interface DirectoryStateTables {
  directory_state: DirectoryStateTable;
}

/** What a node accepted last, as the directory follower's `floor`. */
export interface AcceptedDirectory {
  version: number;
  hash: string;
  issued: string;
}

/**
 * The highest directory version this node ever accepted, if any: the follower refuses an
 * older one at start.
 *
 * @example
 * const floor = await acceptedDirectory(db); // { version: 7, hash: 'sha256:…', issued } | undefined
 */
export async function acceptedDirectory(db: Db): Promise<AcceptedDirectory | undefined> {
  const row = await db.selectFrom('directory_state').select(['version', 'hash', 'issued']).where('id', '=', 1).executeTakeFirst();
  return row;
}

/**
 * Records a directory version taken, if it is higher than the one recorded (never lowers it).
 *
 * @example
 * await recordAcceptedDirectory(db, { version: 8, hash, issued }, new Date());
 */
export async function recordAcceptedDirectory(db: Db, accepted: AcceptedDirectory, at: Date): Promise<void> {
  const row = { id: 1, version: accepted.version, hash: accepted.hash, issued: accepted.issued, accepted_at: at.toISOString() };
  await db
    .insertInto('directory_state')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ version: accepted.version, hash: accepted.hash, issued: accepted.issued, accepted_at: row.accepted_at })
        .where('directory_state.version', '<', accepted.version),
    )
    .execute();
}
