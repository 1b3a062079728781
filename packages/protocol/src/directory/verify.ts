import * as v from 'valibot';
import { describeIssues, fieldIssues } from '../issues.ts';
import { envelopeHash } from '../envelope/hash.ts';
import { KeyId } from '../names.ts';
import { DirectorySnapshotSchema } from './schema.ts';
import type { DirectorySnapshot, PublicJwk } from './schema.ts';
import { DIRECTORY_TYP } from './sign.ts';
import { openCompact, pinnedRoot } from './compact.ts';
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
 * snapshot's `issued`: a stolen signing key is worth nothing past its period. With
 * `minVersion`, refuses an older snapshot than the one held.
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
    let certificate: SigningCertificate | undefined;
    const opened = await openCompact(jws, HeaderSchema, async (h) => {
      if (h.cert === undefined) return pinnedRoot(pinnedRootKeys, h.kid);
      const c = await verifySigningCertificate(h.cert, pinnedRootKeys);
      if (!c.ok) return c.reason;
      if (c.certificate.kid !== h.kid) return `certificate is for ${c.certificate.kid}, not ${h.kid}`;
      ({ certificate } = c);
      return c.certificate.jwk;
    });
    if (!opened.ok) return opened;
    const json = opened.json;
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
