import { CompactSign } from 'jose';
import * as v from 'valibot';
import { ProtocolError } from '../errors.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { importPrivateKey } from '../keys/import.ts';
import { openCompact, pinnedRoot } from './compact.ts';
import { publicJwk, type PrivateJwk } from '../keys/jwk.ts';
import { KeyId, Timestamp } from '../names.ts';
import { PublicJwkSchema, type PublicJwk } from './schema.ts';

/** `typ` of a root-signed certificate of the directory's online signing key. */
export const DIRECTORY_CERT_TYP = 'mou-directory-cert+jws';

/**
 * What the offline root key vouches for: this Ed25519 key may sign the directory for the
 * period. The root stays offline; the directory service holds only the signing key and this.
 */
export const SigningCertificateSchema = v.pipe(
  v.strictObject({
    /** The certified key's id (`la-secretariat#directory-2026a`). */
    kid: KeyId,
    /** Its public half, Ed25519. */
    jwk: PublicJwkSchema,
    /** Directories issued before this instant are not accepted under this certificate. */
    notBefore: Timestamp,
    /** Nor directories issued after this one: a new certificate is due before it. */
    notAfter: Timestamp,
  }),
  v.check((c) => c.jwk.crv === 'Ed25519' && c.jwk.kid === c.kid, 'the certified key is Ed25519 and carries the certificate kid'),
  v.check((c) => Date.parse(c.notBefore) < Date.parse(c.notAfter), 'notBefore is not before notAfter'),
);
export type SigningCertificate = v.InferOutput<typeof SigningCertificateSchema>;

/** A certificate that verified with a pinned root, or why it did not. */
export type CertificateVerification = { ok: true; certificate: SigningCertificate; rootKid: string } | { ok: false; reason: string };

const HeaderSchema = v.strictObject({ alg: v.literal('EdDSA'), kid: KeyId, typ: v.literal(DIRECTORY_CERT_TYP) });

/**
 * The root key certifies a directory signing key for `[notBefore, notAfter]`: a compact JWS,
 * made at the key ceremony on the offline machine. Throws `ProtocolError` on a bad key or period.
 *
 * @example
 * const cert = await certifySigningKey(root, publicJwk(signing), { notBefore, notAfter });
 */
export async function certifySigningKey(
  rootPrivateJwk: PrivateJwk,
  signingKey: PublicJwk | PrivateJwk,
  period: { notBefore: string; notAfter: string },
): Promise<string> {
  if (rootPrivateJwk.crv !== 'Ed25519') throw new ProtocolError('key-invalid', 'a root key is Ed25519');
  const jwk = publicJwk(signingKey);
  const r = v.safeParse(SigningCertificateSchema, { kid: jwk.kid, jwk, ...period });
  if (!r.success) throw new ProtocolError('key-invalid', describeIssues(fieldIssues(r.issues)), fieldIssues(r.issues));
  return new CompactSign(new TextEncoder().encode(JSON.stringify(r.output)))
    .setProtectedHeader({ alg: 'EdDSA', kid: rootPrivateJwk.kid, typ: DIRECTORY_CERT_TYP })
    .sign(await importPrivateKey(rootPrivateJwk));
}

/**
 * Verifies a signing-key certificate against the root keys a node pins. Never throws.
 *
 * @example
 * const r = await verifySigningCertificate(cert, pinnedRoots);
 * if (r.ok) r.certificate.notAfter;
 */
export async function verifySigningCertificate(certificate: unknown, pinnedRootKeys: readonly PublicJwk[]): Promise<CertificateVerification> {
  try {
    const opened = await openCompact(certificate, HeaderSchema, (h) => pinnedRoot(pinnedRootKeys, h.kid));
    if (!opened.ok) return { ok: false, reason: `certificate: ${opened.reason}` };
    const json = opened.json;
    const c = v.safeParse(SigningCertificateSchema, json);
    if (!c.success) return { ok: false, reason: `certificate: ${describeIssues(fieldIssues(c.issues))}` };
    return { ok: true, certificate: c.output, rootKid: opened.header.kid };
  } catch (error) {
    return { ok: false, reason: `certificate: unexpected ${error instanceof Error ? error.name : 'error'}` };
  }
}

/** Whether `instant` (RFC 3339) lies in the certificate's period, both ends included. */
export function certificateCovers(certificate: SigningCertificate, instant: string): boolean {
  const t = Date.parse(instant);
  return t >= Date.parse(certificate.notBefore) && t <= Date.parse(certificate.notAfter);
}
