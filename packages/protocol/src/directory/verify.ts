import { compactVerify, decodeProtectedHeader } from 'jose';
import * as v from 'valibot';
import { describeIssues, fieldIssues } from '../issues.ts';
import { envelopeHash } from '../envelope/hash.ts';
import { importPublicKey } from '../keys/import.ts';
import { KeyId } from '../names.ts';
import { DirectorySnapshotSchema } from './schema.ts';
import type { DirectorySnapshot, PublicJwk } from './schema.ts';
import { DIRECTORY_TYP } from './sign.ts';
import { certificateCovers, verifySigningCertificate, type SigningCertificate } from './certificate.ts';

/** A verified snapshot with the hash of its JWS, or why it was refused. */
export type DirectoryVerification =
  | { ok: true; snapshot: DirectorySnapshot; hash: string; version: number }
  | { ok: false; reason: string };

const HeaderSchema = v.strictObject({
  alg: v.literal('EdDSA'),
  kid: KeyId,
  typ: v.literal(DIRECTORY_TYP),
  /** The root-signed certificate of the online key that signed, when not a root key itself. */
  cert: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});

/**
 * Verifies a signed directory against the root keys this node pins, then validates the
 * snapshot. Never throws. The signer is a pinned root key itself, or an online signing key
 * whose certificate (header `cert`) verifies with a pinned root and whose period covers the
 * snapshot's `issued`: a stolen signing key is worth nothing past its period. With `minVersion`, refuses an older snapshot than the one held.
 *
 * @example
 * const r = await verifyDirectory(jws, pinned, { minVersion: current.version });
 * if (!r.ok) log.warn({ reason: r.reason }, 'directory refused');
 */
export async function verifyDirectory(
  jws: string,
  pinnedRootKeys: readonly PublicJwk[],
  options: { minVersion?: number } = {},
): Promise<DirectoryVerification> {
  try {
    if (typeof jws !== 'string') return { ok: false, reason: 'not a string' };
    let header: unknown;
    try {
      header = decodeProtectedHeader(jws);
    } catch {
      return { ok: false, reason: 'not a compact JWS' };
    }
    const h = v.safeParse(HeaderSchema, header);
    if (!h.success) return { ok: false, reason: `bad header: ${describeIssues(fieldIssues(h.issues))}` };
    let signer: PublicJwk | undefined;
    let certificate: SigningCertificate | undefined;
    if (h.output.cert !== undefined) {
      const c = await verifySigningCertificate(h.output.cert, pinnedRootKeys);
      if (!c.ok) return c;
      if (c.certificate.kid !== h.output.kid) return { ok: false, reason: `certificate is for ${c.certificate.kid}, not ${h.output.kid}` };
      ({ certificate } = c);
      signer = c.certificate.jwk;
    } else {
      signer = pinnedRootKeys.find((k) => k.kid === h.output.kid && k.crv === 'Ed25519');
      if (!signer) return { ok: false, reason: `${h.output.kid} is not a pinned root key` };
    }
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(jws, await importPublicKey(signer), { algorithms: ['EdDSA'] }));
    } catch {
      return { ok: false, reason: 'signature does not verify' };
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      return { ok: false, reason: 'payload is not UTF-8 JSON' };
    }
    const s = v.safeParse(DirectorySnapshotSchema, json);
    if (!s.success) return { ok: false, reason: `invalid snapshot: ${describeIssues(fieldIssues(s.issues))}` };
    if (certificate && !certificateCovers(certificate, s.output.issued)) {
      return { ok: false, reason: `issued ${s.output.issued} is outside the signing key's period ${certificate.notBefore} to ${certificate.notAfter}` };
    }
    if (options.minVersion !== undefined && s.output.version < options.minVersion) {
      return { ok: false, reason: `version ${s.output.version} is older than ${options.minVersion}` };
    }
    return { ok: true, snapshot: s.output, hash: envelopeHash(jws), version: s.output.version };
  } catch (error) {
    return { ok: false, reason: `unexpected: ${error instanceof Error ? error.name : 'error'}` };
  }
}
