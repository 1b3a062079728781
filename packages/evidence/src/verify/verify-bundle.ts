import type { PublicJwk } from '@mou-hub/protocol';
import { checkCountersignatures, checkDirectories, checkHead, checkInclusion } from './log-checks.ts';
import { checkEnvelopes, linkMessages } from './message-checks.ts';
import { readBundle, readEntries } from './shape.ts';
import type { BundleReport, Failure } from './types.ts';

/** How strict {@link verifyBundle} is. */
export interface VerifyOptions {
  /** Accept a head no witness countersigned (reported, not failed). Default false. */
  allowUnwitnessed?: boolean;
}

/**
 * Verifies a case's evidence bundle offline, with only the Secretariat root's public key:
 * every directory version against the root; the head with the log agency's key under the
 * directory of its time; each entry's inclusion proof against the head; the witnesses'
 * countersignatures; each envelope, receipt and problem by checks 1-9 of the protocol under
 * the directory version in force when it was logged; that they belong to the case, and that
 * each receipt answers exactly one of its messages. Never throws; `ok` only if every rule holds.
 *
 * @example
 * const report = await verifyBundle(JSON.parse(file), rootJwk);
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function verifyBundle(input: unknown, root: PublicJwk, options: VerifyOptions = {}): Promise<BundleReport> {
  const failures: Failure[] = [];
  const bundle = readBundle(input);
  if (typeof bundle === 'string') {
    return { ok: false, log: '', case: { thid: '' }, exported: '', directories: [], messages: [], agencies: {}, failures: [{ code: 'bundle-malformed', detail: bundle }] };
  }
  const report: BundleReport = {
    ok: false, log: bundle.log, case: { ...bundle.case }, exported: bundle.exported, directories: [], messages: [], agencies: {}, failures,
  };
  try {
    const entries = readEntries(bundle.entries, failures);
    const { held, lines } = await checkDirectories(entries, root, failures);
    report.directories = lines;
    const last = held[held.length - 1];
    if (last) report.agencies = Object.fromEntries(last.directory.snapshot.agencies.map((a) => [a.id, { ...a.names }]));
    const head = await checkHead(bundle.head.jws, bundle.log, held, failures);
    if (head) {
      report.head = head.line;
      checkInclusion(entries, head.head, failures);
      await checkCountersignatures(bundle.head.countersignatures, bundle.head.jws, head.head, head.directory, head.line, failures);
      // Without a witness the node alone vouches for its head: a history rewritten before it was signed would pass.
      if (head.line.witnesses.length === 0 && !options.allowUnwitnessed) {
        failures.push({ code: 'not-witnessed', detail: 'no witness countersigned the head' });
      }
    }
    const verified = await checkEnvelopes(entries, held, bundle.log, bundle.case.thid, failures);
    report.messages = linkMessages(verified, held, entries, bundle.disclosures ?? [], failures);
  } catch (error) {
    failures.push({ code: 'bundle-malformed', detail: `unexpected ${error instanceof Error ? error.name : 'error'} while verifying` });
  }
  report.ok = failures.length === 0 && report.head !== undefined;
  return report;
}
