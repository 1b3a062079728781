/** Pure protocol benchmark: seal and open of a repatriation.request, no I/O. */
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify } from 'jose';
import { exampleBodies, importPrivateKey, importPublicKey, open, seal, type SealInput } from '@mou-hub/protocol';
import { laContext, makeFixture } from '../../packages/protocol/src/test-fixtures.ts';
import { timed, type RunStats } from './stats.ts';

export interface ProtocolResults {
  sealSerial: RunStats;
  sealConc8: RunStats;
  openSerial: RunStats;
  openConc8: RunStats;
  /**
   * The floor under seal and open: jose alone, one at a time, on the same plaintext. The hub's
   * own work (schemas, 14 checks, JSON) should cost little beside it; these rates are what
   * the machine's crypto allows (encrypt+sign for seal, verify+decrypt for open).
   */
  cryptoCeiling: { seal: number; open: number };
}

export async function benchProtocol(count = 2_000, warmup = 200): Promise<ProtocolResults> {
  const f = await makeFixture();
  const input: SealInput = {
    type: 'repatriation.request', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', lang: 'th',
    body: exampleBodies['repatriation.request'], stats: { persons: 2, female: 2, minors: 1 },
  };
  const keys = { signer: f.rings.th, recipientKey: f.directory.encryptionKeyFor('la-mlsw', new Date())! };
  const sealOne = async () => (await seal(input, keys)).jws;
  const ctx = laContext(f, { now: new Date(Date.now() + 60_000) });
  const openOne = async (jws: string) => {
    const r = await open(jws, ctx);
    if (!r.ok || r.duplicate) throw new Error(`open failed: ${r.ok ? 'duplicate' : r.problem.code}`);
  };

  const warm = await timed(warmup, 8, sealOne);
  await timed(warmup, 8, (i) => openOne(warm.results[i]!));

  const sealSerial = await timed(count, 1, sealOne);
  const sealConc8 = await timed(count, 8, sealOne);
  // Each run opens distinct envelopes sealed above (open is not told of prior ones: no duplicates).
  const openSerial = await timed(count, 1, (i) => openOne(sealSerial.results[i]!));
  const openConc8 = await timed(count, 8, (i) => openOne(sealConc8.results[i]!));
  return {
    sealSerial: sealSerial.stats,
    sealConc8: sealConc8.stats,
    openSerial: openSerial.stats,
    openConc8: openConc8.stats,
    cryptoCeiling: await rawCrypto(f, count),
  };
}

/** jose alone: ECDH-ES+A256KW/A256GCM to X25519 and EdDSA, imported keys, one at a time. */
async function rawCrypto(f: Awaited<ReturnType<typeof makeFixture>>, count: number) {
  const plaintext = new TextEncoder().encode(JSON.stringify({ salt: 'x'.repeat(22), body: exampleBodies['repatriation.request'] }));
  const recipient = f.directory.encryptionKeyFor('la-mlsw', new Date())!;
  const encKey = await importPublicKey(recipient);
  const decKey = await importPrivateKey(f.la.enc);
  const sigKey = await importPrivateKey(f.th.sig);
  const verKey = await f.directory.verificationKey(f.th.sig.kid);
  const encrypt = () => new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: recipient.kid }).encrypt(encKey);
  const sign = (payload: Uint8Array) => new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: f.th.sig.kid }).sign(sigKey);
  const jwe = await encrypt();
  const jws = await sign(new TextEncoder().encode(jwe));
  const enc = await timed(count, 1, encrypt);
  const sig = await timed(count, 1, () => sign(new TextEncoder().encode(jwe)));
  const dec = await timed(count, 1, () => compactDecrypt(jwe, decKey));
  const ver = await timed(count, 1, () => compactVerify(jws, verKey));
  const both = (a: number, b: number) => 1 / (1 / a + 1 / b);
  return { seal: both(enc.stats.perSecond, sig.stats.perSecond), open: both(dec.stats.perSecond, ver.stats.perSecond) };
}
