import { parseEntry, type EvidenceBundle } from '@mou-hub/evidence';
import { openDatabase, migrate } from '@mou-hub/db';
import { Directory, verifyDirectory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import type { AgencyConfig } from '../config.ts';
import { AgencyKeys } from '../platform/keys.ts';
import { migrations } from '../platform/migrations.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { EvidenceHeads } from './evidence-heads.ts';
import { exportCaseEvidence } from './evidence-export.ts';
import { evidenceDb } from './evidence-store.ts';

/** What `mou evidence export` asks of a node's data. */
export interface OfflineExport {
  /** Case reference or id. */
  case: string;
  /** Reveal the bodies this agency received, decrypted, logged in the access log under `user`. */
  disclose?: { user: string };
}

/**
 * Exports a case's evidence from a node's database and key files, whether the node runs or
 * not (SQLite in WAL mode lets both read). A head is signed on the spot when no witnessed one
 * covers the case, with the agency's key valid under the last directory version of its log.
 *
 * @example
 * const r = await exportFromNodeData(loadAgencyConfig('.data/agencies/la-mlsw/config.json'), { case: 'LA-TH-2026-0042' });
 */
export async function exportFromNodeData(
  config: AgencyConfig, request: OfflineExport,
): Promise<{ ok: true; bundle: EvidenceBundle; witnessed: boolean } | { ok: false; reason: string }> {
  const { db, close } = openDatabase<AgencyDatabase>(config.database);
  try {
    await migrate(db, migrations);
    const keys = new AgencyKeys(config.agency, config.keyFiles);
    const directory = await lastLoggedDirectory(db, config.rootKeys);
    if (!directory) return { ok: false, reason: 'the evidence log holds no directory version that verifies with the configured root keys' };
    const heads = new EvidenceHeads({
      agency: config.agency, db, log: createLogger('evidence-export'),
      signer: (at) => keys.signerAt(directory, at).signingKey(),
    });
    return await exportCaseEvidence(db, {
      agency: config.agency, case: request.case, heads, now: new Date(),
      ...(request.disclose ? { disclose: { ring: keys.ring(), user: request.disclose.user } } : {}),
    });
  } finally {
    await close();
  }
}

async function lastLoggedDirectory(db: Parameters<typeof evidenceDb>[0], rootKeys: AgencyConfig['rootKeys']): Promise<Directory | undefined> {
  const row = await evidenceDb(db).selectFrom('evidence_entries').select('entry').where('kind', '=', 'directory').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const parsed = row ? parseEntry(row.entry) : undefined;
  if (!parsed?.ok || parsed.entry.kind !== 'directory') return undefined;
  const checked = await verifyDirectory(parsed.entry.jws, rootKeys);
  return checked.ok ? new Directory(checked.snapshot) : undefined;
}
