/**
 * The honest ceiling: the cryptographic work of one complete exchange as the hub does it, with
 * jose alone (imported keys, no schemas, no checks, no I/O), on the same cores as the run.
 *
 * One English note is: the note sealed (encrypt + sign) and opened (verify + decrypt), its
 * receipt signed and verified, and the audit verifying both envelopes. A Thai note to la-mlsw
 * also opens a translation job there, whose `translation.status` goes back (sealed, opened,
 * audited) with its own receipt (signed, verified, audited).
 */
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify } from 'jose';
import type { CryptoKey } from 'jose';
import { exampleBodies, importPrivateKey, importPublicKey } from '@mou-hub/protocol';
import { makeFixture } from '../../packages/protocol/src/test-fixtures.ts';
import { timed } from './stats.ts';

/** Exchanges per second at the best concurrency, and the concurrency that gave it. */
export interface CryptoCeiling {
  perSecond: number;
  concurrency: number;
  byConcurrency: Record<number, number>;
}

/** The two workloads the bench measures. */
export type Workload = 'english' | 'thai';

/** The operations of one exchange, counted: what the ceiling charges per note. */
export const EXCHANGE_OPS: Record<Workload, { encrypt: number; sign: number; verify: number; decrypt: number }> = {
  // note: encrypt, sign, verify, decrypt; receipt: sign, verify; audit: verify note and receipt.
  english: { encrypt: 1, sign: 2, verify: 4, decrypt: 1 },
  // and the translation status back: encrypt, sign, verify, decrypt; its receipt: sign, verify; audit: 2 verifies.
  thai: { encrypt: 2, sign: 4, verify: 8, decrypt: 2 },
};

/**
 * Runs complete exchanges of `workload` at each concurrency level and answers the best rate.
 * @example const { perSecond } = await cryptoCeiling('english');
 */
export async function cryptoCeiling(workload: Workload = 'english', count = 800, levels = [1, 4, 8, 16, 32]): Promise<CryptoCeiling> {
  const f = await makeFixture();
  const now = new Date();
  const plaintext = new TextEncoder().encode(JSON.stringify({ salt: 'x'.repeat(22), body: { text: 'Note number 1' } }));
  const statusText = new TextEncoder().encode(JSON.stringify({ salt: 'x'.repeat(22), body: exampleBodies['translation.status'] }));
  const receipt = new TextEncoder().encode(JSON.stringify({ for: '01890a5d-ac96-774b-bcce-b302099a8057', envelope: 'x'.repeat(43) }));
  const toLa = f.directory.encryptionKeyFor('la-mlsw', now)!;
  const toTh = f.directory.encryptionKeyFor('th-msdhs', now)!;
  const keys = {
    encLa: await importPublicKey(toLa),
    encTh: await importPublicKey(toTh),
    decLa: await importPrivateKey(f.la.enc),
    decTh: await importPrivateKey(f.th.enc),
    sigTh: await importPrivateKey(f.th.sig),
    sigLa: await importPrivateKey(f.la.sig),
    verTh: await f.directory.verificationKey(f.th.sig.kid),
    verLa: await f.directory.verificationKey(f.la.sig.kid),
  };
  const sign = (bytes: Uint8Array, key: CryptoKey, kid: string) => new CompactSign(bytes).setProtectedHeader({ alg: 'EdDSA', kid }).sign(key);
  /** A business message sealed, opened by its recipient and verified by the audit. */
  const sealOpenAudit = async (text: Uint8Array, enc: CryptoKey, encKid: string, sig: CryptoKey, sigKid: string, ver: CryptoKey, dec: CryptoKey) => {
    const jwe = await new CompactEncrypt(text).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: encKid }).encrypt(enc);
    const jws = await sign(new TextEncoder().encode(jwe), sig, sigKid);
    const [opened] = await Promise.all([compactVerify(jws, ver), compactVerify(jws, ver)]);
    await compactDecrypt(new TextDecoder().decode(opened.payload), dec);
  };
  /** A receipt signed, verified by the one it answers and by the audit. */
  const receiptBack = async (sig: CryptoKey, sigKid: string, ver: CryptoKey) => {
    const jws = await sign(receipt, sig, sigKid);
    await Promise.all([compactVerify(jws, ver), compactVerify(jws, ver)]);
  };
  const one = async () => {
    await sealOpenAudit(plaintext, keys.encLa, toLa.kid, keys.sigTh, f.th.sig.kid, keys.verTh, keys.decLa);
    await receiptBack(keys.sigLa, f.la.sig.kid, keys.verLa);
    if (workload === 'thai') {
      await sealOpenAudit(statusText, keys.encTh, toTh.kid, keys.sigLa, f.la.sig.kid, keys.verLa, keys.decTh);
      await receiptBack(keys.sigTh, f.th.sig.kid, keys.verTh);
    }
  };
  await timed(100, 8, one); // warm up
  const byConcurrency: Record<number, number> = {};
  for (const c of levels) byConcurrency[c] = (await timed(count, c, one)).stats.perSecond;
  const [concurrency, perSecond] = Object.entries(byConcurrency).reduce((best, e) => (e[1] > best[1] ? e : best));
  return { perSecond, concurrency: Number(concurrency), byConcurrency };
}
