/** Pure protocol benchmark: seal and open of a repatriation.request, no I/O (the jose-only ceiling is `crypto-ceiling.ts`). */
import { exampleBodies, open, seal, type SealInput } from '@mou-hub/protocol';
import { laContext, makeFixture } from '../../packages/protocol/src/test-fixtures.ts';
import { timed, type RunStats } from './stats.ts';

export interface ProtocolResults {
  sealSerial: RunStats;
  sealConc8: RunStats;
  openSerial: RunStats;
  openConc8: RunStats;
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
  };
}
