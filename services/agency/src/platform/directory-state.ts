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
  /** The snapshot's signed form (migration 0013; null on a row written before). */
  jws: string | null;
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
 * The signed form of the version recorded, if kept: what the node starts on when the directory
 * cannot be read (the follower verifies it again; it is never trusted as it is).
 *
 * @example
 * await followDirectory(bus, { rootKeys, floor, stored: await storedDirectory(db) });
 */
export async function storedDirectory(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('directory_state').select('jws').where('id', '=', 1).executeTakeFirst();
  return row?.jws ?? undefined;
}

/**
 * Records a directory version taken, with its signed form, if it is higher than the one
 * recorded (never lowers it); the same version fills in a signed form a row lacks.
 *
 * @example
 * await recordAcceptedDirectory(db, { version: 8, hash, issued, jws }, new Date());
 */
export async function recordAcceptedDirectory(db: Db, accepted: AcceptedDirectory & { jws: string }, at: Date): Promise<void> {
  const row = { id: 1, version: accepted.version, hash: accepted.hash, issued: accepted.issued, accepted_at: at.toISOString(), jws: accepted.jws };
  await db
    .insertInto('directory_state')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ version: accepted.version, hash: accepted.hash, issued: accepted.issued, accepted_at: row.accepted_at, jws: accepted.jws })
        .where((eb) =>
          eb.or([
            eb('directory_state.version', '<', accepted.version),
            eb.and([eb('directory_state.version', '=', accepted.version), eb('directory_state.hash', '=', accepted.hash), eb('directory_state.jws', 'is', null)]),
          ]),
        ),
    )
    .execute();
}
