import { parseEntry, type EvidenceBundle } from '@mou-hub/evidence';
import { connectBus, type Bus } from '@mou-hub/bus';
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
import { witnessOverBus } from './evidence-witness.ts';

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
    const log = createLogger('evidence-export');
    // A head signed now is sent to the audit to be witnessed, as the node does, if the broker answers.
    const bus = await reachBus(config);
    try {
      const heads = new EvidenceHeads({
        agency: config.agency, db, log,
        signer: (at) => keys.signerAt(directory, at).signingKey(),
        ...(bus ? { onHead: witnessOverBus({ bus, db, agency: config.agency, log }) } : {}),
      });
      return await exportCaseEvidence(db, {
        agency: config.agency, case: request.case, heads, now: new Date(),
        ...(request.disclose ? { disclose: { ring: keys.ring(), user: request.disclose.user } } : {}),
      });
    } finally {
      await bus?.close();
    }
  } finally {
    await close();
  }
}

/** The node's broker, as the node connects, or nothing within 5 s (the export goes on offline). */
async function reachBus(config: AgencyConfig): Promise<Bus | undefined> {
  const connecting = connectBus({ ...config.nats, name: `mou-evidence-${config.agency}` });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 5_000)));
  const bus = await Promise.race([connecting.catch(() => undefined), late]);
  clearTimeout(timer);
  // A connection that came too late is closed when it comes.
  if (!bus) void connecting.then((b) => b.close(), () => undefined);
  return bus;
}

async function lastLoggedDirectory(db: Parameters<typeof evidenceDb>[0], rootKeys: AgencyConfig['rootKeys']): Promise<Directory | undefined> {
  const row = await evidenceDb(db).selectFrom('evidence_entries').select('entry').where('kind', '=', 'directory').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const parsed = row ? parseEntry(row.entry) : undefined;
  if (!parsed?.ok || parsed.entry.kind !== 'directory') return undefined;
  const checked = await verifyDirectory(parsed.entry.jws, rootKeys);
  return checked.ok ? new Directory(checked.snapshot) : undefined;
}
