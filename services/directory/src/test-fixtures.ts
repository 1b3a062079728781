import { certifySigningKey, generateDirectorySigningKey, publicJwk, type Agreement, type PrivateJwk, type PublicJwk } from '@mou-hub/protocol';

/** For tests: a small Lao-Thai agreement between la-mlsw and th-msdhs. */
export const laThAgreement = (): Agreement => ({
  id: 'la-th',
  title: 'Lao-Thai MOU',
  parties: ['la-mlsw', 'th-msdhs'],
  languages: ['lo', 'th', 'en'],
  send: { 'la-mlsw': ['case.note'], 'th-msdhs': ['case.note', 'repatriation.request'] },
  deadlines: [],
});

/**
 * For tests: what the key ceremony gives the directory service (mou root init): a fresh online
 * signing key certified by `root` from a day ago for a year, and the root's public half.
 */
export async function signingFor(root: PrivateJwk): Promise<{ signingKey: PrivateJwk; signingCertificate: string; rootKeys: PublicJwk[] }> {
  const signingKey = await generateDirectorySigningKey('test');
  const now = Date.now();
  const signingCertificate = await certifySigningKey(root, signingKey, {
    notBefore: new Date(now - 86_400_000).toISOString(),
    notAfter: new Date(now + 365 * 86_400_000).toISOString(),
  });
  return { signingKey, signingCertificate, rootKeys: [publicJwk(root)] };
}
