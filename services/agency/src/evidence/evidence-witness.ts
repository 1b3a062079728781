import { evidenceHeadSubject, type Bus } from '@mou-hub/bus';
import { unverifiedPayload } from '@mou-hub/evidence';
import type { Logger } from '@mou-hub/service-kit';
import type { Kysely } from 'kysely';
import type { EvidenceHeads } from './evidence-heads.ts';
import { latestHead, saveCountersignature, type StoredHead } from './evidence-store.ts';

/** Subject a node sends its heads on to be witnessed (the audit answers): `mou.v1.evidence.<agency>.head`. */
export const headSubject = evidenceHeadSubject;

type Reply = { ok: true; countersignature: string } | { ok: false; need?: number; alarm?: string; detail?: string };

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** The `witness` member of a countersignature, read to file it (the verifier checks the signature). */
const witnessOf = (jws: string): string => String(unverifiedPayload(jws)['witness'] ?? 'unknown');

/**
 * Has each new head witnessed by the audit: sends it with a consistency proof from the last
 * head the audit countersigned (or from the size the audit asks for), and keeps the
 * countersignature. A refusal (the audit saw a history this head contradicts) is logged as an
 * error; the node cannot repair it, people must look.
 *
 * @example
 * startEvidence({ …, witness: witnessOverBus({ bus, db, agency, log }) });
 */
export function witnessOverBus(deps: { bus: Bus; db: Kysely<any>; agency: string; log: Logger; timeoutMs?: number }) {
  return async (head: StoredHead, heads: EvidenceHeads): Promise<void> => {
    const ask = async (from: number | undefined): Promise<Reply> => {
      const tree = await heads.tree();
      const proof = from !== undefined && from > 0 && from <= head.size ? { from, hashes: tree.consistencyProof(from, head.size).map(b64) } : undefined;
      const msg = await deps.bus.nc.request(headSubject(deps.agency), JSON.stringify({ head: head.jws, ...(proof ? { proof } : {}) }), { timeout: deps.timeoutMs ?? 5_000 });
      return JSON.parse(new TextDecoder().decode(msg.data)) as Reply;
    };
    const witnessed = await latestHead(deps.db, { witnessed: true });
    let reply = await ask(witnessed?.size);
    if (!reply.ok && reply.need !== undefined) reply = await ask(reply.need);
    if (reply.ok) {
      await saveCountersignature(deps.db, { size: head.size, witness: witnessOf(reply.countersignature), jws: reply.countersignature, at: new Date() });
    } else {
      deps.log.error({ size: head.size, alarm: reply.alarm, detail: reply.detail, need: reply.need }, 'the witness refused this evidence head');
    }
  };
}
