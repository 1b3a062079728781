import { sha256Digest, type Directory } from '@mou-hub/protocol';
import { judgeHead, signCountersignature, verifyHeadWith, type Signer, type WitnessRequest } from '@mou-hub/evidence';
import { evidenceHeadSubject, type Bus } from '@mou-hub/bus';
import type { Logger } from '@mou-hub/service-kit';
import type { Kysely } from 'kysely';
import type { AuditDb } from '../store/schema.ts';
import { lastWitnessed, recordAlarm, recordWitnessed } from './witness-store.ts';

/** Subject a node sends its signed heads on (request and reply): `mou.v1.evidence.<agency>.head`. */
export const witnessSubject = evidenceHeadSubject;

/** The witness's answer to a node. */
export type WitnessReply =
  | { ok: true; countersignature: string }
  | { ok: false; need: number }
  | { ok: false; alarm: string; detail: string };

/** What the witness needs. */
export interface WitnessDeps {
  db: Kysely<AuditDb>;
  bus: Bus;
  directory: () => Directory;
  /** The witnessing agency (the Secretariat) and its signing key, listed in the directory. */
  witness: { agency: string; signer: Signer };
  log: Logger;
  now?: () => Date;
}

/**
 * The Secretariat as witness of every node's evidence log: verifies each head a node sends,
 * checks it is consistent with the last head it countersigned for that log, countersigns it and
 * answers with the countersignature. A head that rewrites, forks or shrinks the witnessed
 * history is refused and recorded as an alarm (shown on the dashboard). One head at a time.
 */
export function startWitness(deps: WitnessDeps): { stop(): Promise<void> } {
  let queue: Promise<void> = Promise.resolve();
  const sub = deps.bus.nc.subscribe(witnessSubject('*'), {
    callback: (err, msg) => {
      if (err) return;
      queue = queue.then(() => answer(deps, msg)).catch((e: unknown) => deps.log.error({ err: String(e) }, 'witness failed'));
    },
  });
  return {
    async stop() {
      sub.unsubscribe();
      await queue;
    },
  };
}

/** The part of a NATS message the witness reads and answers. */
interface Request {
  subject: string;
  data: Uint8Array;
  reply?: string;
  respond(data: Uint8Array): boolean;
}

async function answer(deps: WitnessDeps, msg: Request): Promise<void> {
  const reply = await judge(deps, msg.subject.split('.')[3] ?? '', msg.data);
  if (msg.reply) msg.respond(new TextEncoder().encode(JSON.stringify(reply)));
}

/** The witness's decision on one request from `log`'s node (exported for tests). */
export async function judge(deps: WitnessDeps, log: string, data: Uint8Array): Promise<WitnessReply> {
  const now = deps.now?.() ?? new Date();
  let request: WitnessRequest;
  try {
    request = JSON.parse(new TextDecoder().decode(data)) as WitnessRequest;
    if (typeof request.head !== 'string') throw new TypeError('no head');
  } catch {
    return { ok: false, alarm: 'bad-head', detail: 'the request is not {head, proof}' };
  }
  const verified = await verifyHeadWith(deps.directory(), request.head, log);
  if (!verified.ok) {
    await recordAlarm(deps.db, { log, kind: 'bad-head', detail: verified.reason, headJws: request.head.slice(0, 4096), at: now });
    return { ok: false, alarm: 'bad-head', detail: verified.reason };
  }
  const { head } = verified;
  const last = await lastWitnessed(deps.db, log);
  const verdict = judgeHead(last, head, request.proof);
  if (verdict.kind === 'need') return { ok: false, need: verdict.from };
  if (verdict.kind === 'alarm') {
    await recordAlarm(deps.db, { log, kind: verdict.alarm, detail: verdict.detail, ...(last ? { witnessedSize: last.size } : {}), headSize: head.size, headJws: request.head, at: now });
    deps.log.error({ log, alarm: verdict.alarm, detail: verdict.detail }, 'evidence log contradicts its witnessed history');
    return { ok: false, alarm: verdict.alarm, detail: verdict.detail };
  }
  const countersignature = await signCountersignature(
    { v: 1, head: sha256Digest(request.head), log, size: head.size, root: head.root, witness: deps.witness.agency, witnessed: now.toISOString() },
    deps.witness.signer,
  );
  await recordWitnessed(deps.db, { log, size: head.size, root: head.root, time: head.time, headJws: request.head, countersignature, at: now });
  return { ok: true, countersignature };
}
