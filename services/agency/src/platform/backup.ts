import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openDatabase } from '@mou-hub/db';
import * as v from 'valibot';
import { AgencyId } from '@mou-hub/protocol';
import { databaseFiles, prepareDatabaseFiles } from './data-files.ts';

/** The name of a backup's description, beside the database copy. */
export const BACKUP_MANIFEST = 'backup.json';
const DATABASE_COPY = 'agency.db';
const ATTACHMENTS = 'attachments';

/** What a backup folder holds, and where the node's inbox stood when it was taken. */
export const BackupManifestSchema = v.strictObject({
  format: v.literal('mou-node-backup/1'),
  agency: AgencyId,
  takenAt: v.string(),
  /** The inbox consumer's position read before the copy: every message up to it is in the copy. */
  inbox: v.strictObject({ durable: v.string(), ackedThrough: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  database: v.strictObject({ file: v.literal(DATABASE_COPY), bytes: v.number(), sha256: v.string() }),
  /** Attachment files copied (their count): the database names them. */
  attachments: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type BackupManifest = v.InferOutput<typeof BackupManifestSchema>;

/** A backup that cannot be taken or put back, said plainly. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** Told how far a copy is: `done` of `total` database pages. */
export type BackupProgress = (done: number, total: number) => void;

/** The folder of a node's attachment files (beside its database, as attachments/files.ts keeps them). */
const attachmentsOf = (database: string) => join(dirname(database), ATTACHMENTS);

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Takes an online copy of a running node's database with SQLite's backup API (pages copied in
 * steps, so the node keeps writing), then its attachment files, into `out` (a new folder).
 * `position` is read first: the node acks a message only after committing it, so the copy
 * holds everything up to that position, and a restore rewinds the inbox there.
 *
 * @example
 * const manifest = await backupNode({ agency, database, out, position: () => inboxPosition(bus, agency) });
 */
export async function backupNode(opts: {
  agency: string;
  database: string;
  out: string;
  position: () => Promise<{ durable: string; ackedThrough: number }>;
  progress?: BackupProgress;
  now?: Date;
}): Promise<BackupManifest> {
  if (!existsSync(opts.database)) throw new BackupError(`no database at ${opts.database}`);
  if (existsSync(opts.out) && readdirSync(opts.out).length > 0) throw new BackupError(`${opts.out} is not empty: give a new folder`);
  const { durable, ackedThrough } = await opts.position();
  mkdirSync(opts.out, { recursive: true, mode: 0o700 });
  const copy = join(opts.out, DATABASE_COPY);
  const source = openDatabase(opts.database);
  try {
    const { totalPages } = await source.sqlite.backup(copy, {
      progress: ({ totalPages, remainingPages }) => {
        opts.progress?.(totalPages - remainingPages, totalPages);
        return 256; // pages per step: the node's writers get the file between steps
      },
    });
    opts.progress?.(totalPages, totalPages);
  } finally {
    await source.close();
  }
  chmodSync(copy, 0o600); // it holds what the database holds
  let attachments = 0;
  const files = attachmentsOf(opts.database);
  if (existsSync(files)) {
    cpSync(files, join(opts.out, ATTACHMENTS), { recursive: true });
    attachments = readdirSync(join(opts.out, ATTACHMENTS), { recursive: true }).filter((f) => statSync(join(opts.out, ATTACHMENTS, String(f))).isFile()).length;
  }
  const manifest: BackupManifest = {
    format: 'mou-node-backup/1',
    agency: opts.agency,
    takenAt: (opts.now ?? new Date()).toISOString(),
    inbox: { durable, ackedThrough },
    database: { file: DATABASE_COPY, bytes: statSync(copy).size, sha256: sha256(copy) },
    attachments,
  };
  writeFileSync(join(opts.out, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * Reads and checks a backup folder: its manifest, that it is this agency's, and that the
 * database copy is the one described (size and SHA-256).
 *
 * @example
 * const manifest = readBackup('backups/2026-12-06', 'la-mlsw');
 */
export function readBackup(folder: string, agency: string): BackupManifest {
  const path = join(folder, BACKUP_MANIFEST);
  if (!existsSync(path)) throw new BackupError(`${folder} holds no ${BACKUP_MANIFEST}: not a node backup`);
  const r = v.safeParse(BackupManifestSchema, JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new BackupError(`${path}: ${r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ')}`);
  const m = r.output;
  if (m.agency !== agency) throw new BackupError(`this backup is of ${m.agency}, not of ${agency}`);
  const copy = join(folder, m.database.file);
  if (!existsSync(copy) || sha256(copy) !== m.database.sha256) throw new BackupError(`${copy} is missing or not the copy the backup describes (SHA-256 differs)`);
  return m;
}

/**
 * Puts a backup's database back at `database` (replacing what is there, with its WAL) and adds
 * its attachment files that are missing. The node must be stopped. The inbox consumer is then
 * rewound by the caller to `manifest.inbox.ackedThrough + 1`, so what arrived since is received again.
 *
 * @example
 * const manifest = restoreNode({ folder, agency, database });
 */
export function restoreNode(opts: { folder: string; agency: string; database: string }): BackupManifest {
  const m = readBackup(opts.folder, opts.agency);
  prepareDatabaseFiles(opts.database);
  // Copied beside the target first, then renamed over it: a failed copy leaves the old file whole.
  const incoming = join(dirname(opts.database), `.${basename(opts.database)}.restoring`);
  copyFileSync(join(opts.folder, m.database.file), incoming);
  chmodSync(incoming, 0o600);
  for (const file of databaseFiles(opts.database)) rmSync(file, { force: true });
  renameSync(incoming, opts.database);
  const files = join(opts.folder, ATTACHMENTS);
  if (existsSync(files)) cpSync(files, attachmentsOf(opts.database), { recursive: true, force: false, errorOnExist: false });
  return m;
}
