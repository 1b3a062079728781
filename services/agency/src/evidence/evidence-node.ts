import type { Signer } from '@mou-hub/evidence';
import type { Bus } from '@mou-hub/bus';
import type { Directory, KeyRing } from '@mou-hub/protocol';
import { pushToCounterparts, servePeerHeads } from './evidence-peers.ts';
import { witnessOverBus } from './evidence-witness.ts';
import { latestHead } from './evidence-store.ts';
import { exportCaseEvidence, type ExportResult } from './evidence-export.ts';
import type { Logger } from '@mou-hub/service-kit';
import type { Kysely } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';
import { EvidenceHeads } from './evidence-heads.ts';
import { logDirectory } from './evidence-hooks.ts';
import type { EvidenceLogMode } from './evidence-mode.ts';

/** The evidence feature of a running node. */
export interface NodeEvidence {
  heads: EvidenceHeads;
  /** `on` in service; off only for a benchmark's measurement (`evidence-mode.ts`). */
  mode: EvidenceLogMode;
  /** Logs a directory version the follower took (awaitable: the first must precede any envelope). */
  directoryTaken(update: { version: number; jws: string }): Promise<void>;
  /** A case's bundle (reference or id); `discloseAs` reveals the bodies received, logged under that user. */
  exportCase(caseRef: string, options?: { discloseAs?: string }): Promise<ExportResult>;
  stop(): Promise<void>;
}

/**
 * Starts the node's evidence log: heads signed every `intervalMs` when the log grew, each
 * witnessed by the audit and then shown to the counterparts, whose own heads it receives;
 * directory versions logged as they are taken.
 *
 * @example
 * const evidence = startEvidence({ agency, db, log, signer: (at) => keys.signerAt(directory(), at).signingKey() });
 * await evidence.directoryTaken({ version, jws: follower.jws() });
 */
export function startEvidence(deps: {
  agency: string;
  db: Kysely<AgencyDatabase>;
  log: Logger;
  signer: (at: Date) => Promise<Signer>;
  /** Every key of the agency: decrypts what it received, for a disclosure. */
  ring: () => KeyRing;
  intervalMs?: number;
  /** The broker: each new head goes to the audit to be witnessed, then to the counterparts. */
  bus?: Bus;
  directory: () => Directory;
  /** `on` unless a benchmark turned the log off: then no entry, no head, no export. */
  mode?: EvidenceLogMode;
}): NodeEvidence {
  const { bus, db, agency, log } = deps;
  const mode = deps.mode ?? 'on';
  const witness = bus && witnessOverBus({ bus, db, agency, log });
  const show = bus && pushToCounterparts({ bus, db, agency, log });
  const heads = new EvidenceHeads({
    agency, db, log, signer: deps.signer,
    ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
    ...(witness ? { onHead: async (head, h) => (await witness(head, h), await showLatest()) } : {}),
  });
  // The counterparts are shown the latest head after each new one and at every interval: a
  // head signed elsewhere (an export) or a counterpart that did not answer is caught up. One at a time.
  let showing: Promise<void> = Promise.resolve();
  const showLatest = (): Promise<void> => {
    if (!show) return showing;
    showing = showing
      .then(async () => {
        const head = await latestHead(db);
        if (head) await show(head, heads);
      })
      .catch((err: unknown) => log.warn({ err: String(err) }, 'evidence head not shown to the counterparts'));
    return showing;
  };
  const every = mode === 'on' ? setInterval(() => void showLatest(), deps.intervalMs ?? 60_000) : undefined;
  every?.unref();
  const peers = bus && servePeerHeads({ bus, db, agency, directory: deps.directory, log });
  if (mode === 'on') heads.start();
  else log.error({ mode }, 'THE EVIDENCE LOG IS OFF: this node keeps no evidence of what it sends and receives (a benchmark only, never in service)');
  return {
    heads,
    mode,
    directoryTaken: (update) =>
      logDirectory(deps.db, update, new Date()).catch((err: unknown) => deps.log.error({ err: String(err), version: update.version }, 'directory version not logged as evidence')),
    exportCase: async (caseRef, options = {}) =>
      mode !== 'on'
        ? { ok: false, reason: `the evidence log of ${agency} is off (a benchmark): there is no evidence to export` }
        : exportCaseEvidence(deps.db, {
            agency: deps.agency, case: caseRef, heads, now: new Date(),
            ...(options.discloseAs ? { disclose: { ring: deps.ring(), user: options.discloseAs } } : {}),
          }),
    stop: async () => {
      clearInterval(every);
      await heads.stop();
      await showing;
      await peers?.stop();
    },
  };
}
