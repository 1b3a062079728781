import { compactVerify, decodeProtectedHeader } from 'jose';
import * as v from 'valibot';
import { describeIssues, fieldIssues } from '../issues.ts';
import { importPublicKey } from '../keys/import.ts';
import type { PublicJwk } from './schema.ts';

/** A verified compact JWS: its checked header and its payload parsed as JSON, or why not. */
export type Opened<H> = { ok: true; header: H; json: unknown } | { ok: false; reason: string };

/**
 * Opens a compact EdDSA JWS of the directory's kinds (a snapshot, a signing-key certificate):
 * checks its protected header against `headerSchema`, asks `signerFor` which key must have
 * signed (or why none may), verifies the signature and parses the payload as UTF-8 JSON.
 * Never throws for bad input; `signerFor` may answer a reason instead of a key.
 *
 * @example
 * const r = await openCompact(jws, HeaderSchema, (h) => pinned.find((k) => k.kid === h.kid) ?? `${h.kid} is not pinned`);
 */
export async function openCompact<H>(
  jws: unknown,
  headerSchema: v.GenericSchema<unknown, H>,
  signerFor: (header: H) => Promise<PublicJwk | string> | PublicJwk | string,
): Promise<Opened<H>> {
  if (typeof jws !== 'string') return { ok: false, reason: 'not a string' };
  let header: unknown;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { ok: false, reason: 'not a compact JWS' };
  }
  const h = v.safeParse(headerSchema, header);
  if (!h.success) return { ok: false, reason: `bad header: ${describeIssues(fieldIssues(h.issues))}` };
  const signer = await signerFor(h.output);
  if (typeof signer === 'string') return { ok: false, reason: signer };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, await importPublicKey(signer), { algorithms: ['EdDSA'] }));
  } catch {
    return { ok: false, reason: 'signature does not verify' };
  }
  try {
    return { ok: true, header: h.output, json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) };
  } catch {
    return { ok: false, reason: 'payload is not UTF-8 JSON' };
  }
}

/** The pinned Ed25519 root key named `kid`, or why there is none. */
export const pinnedRoot = (pinned: readonly PublicJwk[], kid: string): PublicJwk | string =>
  pinned.find((k) => k.kid === kid && k.crv === 'Ed25519') ?? `${kid} is not a pinned root key`;
