import { certificateCovers, publicJwk, verifySigningCertificate, type PrivateJwk, type PublicJwk, type SigningCertificate } from '@mou-hub/protocol';
import { DirectoryStateError } from './core.ts';

/** Past this many days before its end, a start warns that the certificate is due for renewal. */
export const CERTIFICATE_WARN_DAYS = 14;

/**
 * Checks at start that the configured certificate is the root's (a pinned one), for this very
 * signing key, and valid now: a service that would publish versions every node refuses must not
 * start. Returns the certificate and the whole days it has left.
 *
 * @example
 * const { daysLeft } = await checkSigning(config.signingKey, config.signingCertificate, config.rootKeys, new Date());
 */
export async function checkSigning(
  signingKey: PrivateJwk,
  certificate: string,
  rootKeys: readonly PublicJwk[],
  now: Date,
): Promise<{ certificate: SigningCertificate; daysLeft: number }> {
  const r = await verifySigningCertificate(certificate, rootKeys);
  if (!r.ok) throw new DirectoryStateError(`signingCertificate: ${r.reason}`);
  const mine = publicJwk(signingKey);
  if (r.certificate.kid !== mine.kid || r.certificate.jwk.x !== mine.x) {
    throw new DirectoryStateError(`signingCertificate certifies ${r.certificate.kid}, not the configured signingKey ${mine.kid}`);
  }
  if (!certificateCovers(r.certificate, now.toISOString())) {
    throw new DirectoryStateError(
      `signingCertificate is valid from ${r.certificate.notBefore} to ${r.certificate.notAfter}, not now: renew it with mou root certify`,
    );
  }
  const daysLeft = Math.floor((Date.parse(r.certificate.notAfter) - now.getTime()) / 86_400_000);
  return { certificate: r.certificate, daysLeft };
}
