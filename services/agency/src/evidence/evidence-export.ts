import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { buildBundle, unverifiedPayload, type Disclosure, type EvidenceBundle, type EvidenceEntry } from '@mou-hub/evidence';
import type { KeyRing } from '@mou-hub/protocol';
import type { Kysely } from 'kysely';
import { recordAccess } from '../access-log/access-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { EvidenceHeads } from './evidence-heads.ts';
import { lastIndexOfThread, latestHead, storedEntries } from './evidence-store.ts';

/** What an export needs. */
export interface ExportRequest {
  agency: string;
  /** The case's reference (`LA-TH-2026-0042`) or id (its thread id). */
  case: string;
  heads: EvidenceHeads;
  now: Date;
  /**
   * Reveal the bodies this agency received in the case, decrypted with its own keys, for the
   * court; recorded in the access log under `user`.
   */
  disclose?: { ring: KeyRing; user: string };
}

/** The bundle, or why there is none (an unknown case, a case with nothing logged). */
export type ExportResult = { ok: true; bundle: EvidenceBundle; witnessed: boolean } | { ok: false; reason: string };

/**
 * One case's evidence bundle from this node's log: the case's entries and the directory
 * versions in force, proved against the latest witnessed head that covers the case (a head
 * signed now when none does yet: the report then says it is not witnessed).
 *
 * @example
 * const r = await exportCaseEvidence(db, { agency, case: 'LA-TH-2026-0042', heads, now: new Date() });
 */
export async function exportCaseEvidence(db: Kysely<AgencyDatabase>, req: ExportRequest): Promise<ExportResult> {
  const matches = await db.selectFrom('cases').select(['id', 'ref', 'counterpart']).where((eb) => eb.or([eb('id', '=', req.case), eb('ref', '=', req.case)])).execute();
  const found = matches.find((c) => c.id === req.case) ?? (matches.length === 1 ? matches[0] : undefined);
  if (!found && matches.length > 1) {
    // Each opener counts its own serials, so two openers under one agreement may give one reference.
    const which = matches.map((c) => `${c.id} (with ${c.counterpart})`).join(', ');
    return { ok: false, reason: `${matches.length} cases at ${req.agency} have the reference ${req.case}: give the case id, one of ${which}` };
  }
  if (!found) return { ok: false, reason: `no case ${req.case} at ${req.agency}` };
  const last = await lastIndexOfThread(db, found.id);
  if (last === undefined) return { ok: false, reason: `nothing of case ${req.case} is in the evidence log` };
  const witnessed = await latestHead(db, { witnessed: true, atLeast: last + 1 });
  const head = witnessed ?? (await req.heads.sign(req.now));
  const entries = (await storedEntries(db, head.size)).map((text) => JSON.parse(text) as EvidenceEntry);
  const disclosures = req.disclose ? await disclose(db, entries, found.id, req.disclose, req.now) : undefined;
  const bundle = buildBundle({
    log: req.agency,
    case: { thid: found.id, ...(found.ref ? { reference: found.ref } : {}) },
    entries,
    head: { jws: head.jws, size: head.size, countersignatures: head.countersignatures.map((c) => c.jws) },
    exported: req.now,
    ...(disclosures ? { disclosures } : {}),
  });
  return { ok: true, bundle, witnessed: head.countersignatures.length > 0 };
}

/** The exact plaintexts of the case's bodies this agency received, each read logged. */
async function disclose(
  db: Kysely<AgencyDatabase>, entries: readonly EvidenceEntry[], thid: string, who: { ring: KeyRing; user: string }, now: Date,
): Promise<Disclosure[]> {
  const out: Disclosure[] = [];
  for (const e of entries) {
    if (e.kind !== 'envelope' || e.direction !== 'received') continue;
    // Read unverified to pick this case's bodies; the digest check in the verifier vouches for each.
    const payload = unverifiedPayload(e.jws) as { id?: string; thid?: string; body?: { jwe?: string } };
    if (payload.thid !== thid || !payload.id || !payload.body?.jwe) continue;
    const kid = decodeProtectedHeader(payload.body.jwe).kid;
    const key = kid ? await who.ring.decryptionKey(kid) : undefined;
    if (!key) continue;
    const { plaintext } = await compactDecrypt(payload.body.jwe, key);
    out.push({ id: payload.id, plaintext: new TextDecoder().decode(plaintext) });
  }
  await recordAccess(db, out.map((d) => ({ at: now.toISOString(), user: who.user, case: thid, what: `evidence:${d.id}` })));
  return out;
}
