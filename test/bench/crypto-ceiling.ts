/** The machine's crypto ceiling for one message: encrypt + sign + verify + decrypt with jose, at the best concurrency. */
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify } from 'jose';
import { exampleBodies, importPrivateKey, importPublicKey } from '@mou-hub/protocol';
import { makeFixture } from '../../packages/protocol/src/test-fixtures.ts';
import { timed } from './stats.ts';

/** Messages per second through the four operations, and the concurrency that gave it. */
export interface CryptoCeiling {
  perSecond: number;
  concurrency: number;
  byConcurrency: Record<number, number>;
}

/**
 * Seals and opens a `repatriation.request`-sized plaintext with jose alone (imported keys, no
 * schemas, no checks, no I/O): what an agency pair could do per message if the hub cost nothing.
 */
export async function cryptoCeiling(count = 1_500, levels = [1, 4, 8, 16, 32]): Promise<CryptoCeiling> {
  const f = await makeFixture();
  const plaintext = new TextEncoder().encode(JSON.stringify({ salt: 'x'.repeat(22), body: exampleBodies['repatriation.request'] }));
  const recipient = f.directory.encryptionKeyFor('la-mlsw', new Date())!;
  const encKey = await importPublicKey(recipient);
  const decKey = await importPrivateKey(f.la.enc);
  const sigKey = await importPrivateKey(f.th.sig);
  const verKey = await f.directory.verificationKey(f.th.sig.kid);
  const one = async () => {
    const jwe = await new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: recipient.kid }).encrypt(encKey);
    const jws = await new CompactSign(new TextEncoder().encode(jwe)).setProtectedHeader({ alg: 'EdDSA', kid: f.th.sig.kid }).sign(sigKey);
    const verified = await compactVerify(jws, verKey);
    await compactDecrypt(new TextDecoder().decode(verified.payload), decKey);
  };
  await timed(200, 8, one); // warm up
  const byConcurrency: Record<number, number> = {};
  for (const c of levels) byConcurrency[c] = (await timed(count, c, one)).stats.perSecond;
  const [concurrency, perSecond] = Object.entries(byConcurrency).reduce((best, e) => (e[1] > best[1] ? e : best));
  return { perSecond, concurrency: Number(concurrency), byConcurrency };
}
