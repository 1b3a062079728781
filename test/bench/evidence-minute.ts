/**
 * The evidence log's once-a-minute work alone (issue 19): la-mlsw's log holds `N` notes
 * th-msdhs sent it and their receipts (real sealed envelopes); th-msdhs holds them in its outbox
 * and inbox. One cycle: la-mlsw signs a head (reading the new rows into its tree) and shows
 * th-msdhs the entries with proofs over a real nats-server; th-msdhs verifies and records them.
 * Prints the wall time and this process's CPU (both nodes run in it) of each step.
 *
 * `pnpm exec tsx test/bench/evidence-minute.ts [N=3000] [cycles=2]`: each cycle appends N more.
 * With `EVIDENCE_MINUTE_PROF=<file>`, the last cycle's push is profiled (V8 `.cpuprofile`; read
 * it with `cpuprofile-summary.ts`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { connectBus } from '@mou-hub/bus';
import { makeCases } from '@mou-hub/evidence/testing';
import type { EvidenceEntry } from '@mou-hub/evidence';
import { Directory, envelopeHash, seal, verifyDirectory } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { startNats } from '@mou-hub/testkit';
import { openTestDatabase } from '../../services/agency/src/platform/test-db.ts';
import { EvidenceHeads } from '../../services/agency/src/evidence/evidence-heads.ts';
import { pushToCounterparts, servePeerHeads } from '../../services/agency/src/evidence/evidence-peers.ts';
import { appendEvidence } from '../../services/agency/src/evidence/evidence-store.ts';

const N = Number(process.argv[2] ?? 3000);
const CYCLES = Number(process.argv[3] ?? 2);
const f = await makeCases();
const checked = await verifyDirectory(f.dir2, [f.rootPublic]);
if (!checked.ok) throw new Error('directory');
const directory = new Directory(checked.snapshot);
const log = createLogger('bench', { level: 'warn' } as never);
const nats = await startNats();
const bus = await connectBus({ servers: nats.url, name: 'evidence-minute' });
const la = await openTestDatabase();
const th = await openTestDatabase();
const served = servePeerHeads({ bus, db: th.db, agency: 'th-msdhs', directory: () => directory, log });
const heads = new EvidenceHeads({ agency: 'la-mlsw', db: la.db, signer: async () => f.signers['la-mlsw'], log });
const push = pushToCounterparts({ bus, db: la.db, agency: 'la-mlsw', log });
const body = 'x'.repeat(80); // a note as long as the bench's (load.ts)
const encKey = directory.encryptionKeyFor('la-mlsw', new Date())!;

async function fill(n: number, t0: number): Promise<void> {
  const laEntries: EvidenceEntry[] = [];
  const outbox: object[] = [];
  const inbox: object[] = [];
  for (let i = 0; i < n; i++) {
    const created = new Date(Date.now() - 1000);
    const m = await seal({ type: 'case.note', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', lang: 'en', body: { text: `${t0 + i} ${body}` }, created }, { signer: f.rings['th-msdhs'], recipientKey: encKey });
    const r = await seal(
      { type: 'receipt', agreement: 'la-th', from: 'la-mlsw', to: 'th-msdhs', thid: m.payload.thid, replyTo: m.id, created, body: { for: m.id, status: 'accepted', received: created.toISOString(), envelope: envelopeHash(m.jws) } },
      { signer: f.rings['la-mlsw'] },
    );
    const at = created.toISOString();
    laEntries.push({ v: 1, kind: 'envelope', direction: 'received', at, jws: m.jws }, { v: 1, kind: 'receipt', direction: 'sent', at, jws: r.jws });
    outbox.push({ id: m.id, to_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: m.payload.thid, body: '{}', created: at, status: 'delivered', jws: m.jws, envelope_hash: envelopeHash(m.jws), attempts: 1, next_attempt_at: at, updated_at: at });
    inbox.push({ id: r.id, from_agency: 'la-mlsw', agreement: 'la-th', type: 'receipt', thid: m.payload.thid, created: at, received_at: at, body: '{}', envelope_hash: envelopeHash(r.jws), stream_seq: t0 + i });
  }
  await la.db.transaction().execute(async (trx) => {
    for (const e of laEntries) await appendEvidence(trx, e);
  });
  await th.db.transaction().execute(async (trx) => {
    for (const o of outbox) await trx.insertInto('outbox').values(o as never).execute();
    for (const o of inbox) await trx.insertInto('inbox').values(o as never).execute();
  });
}

const ms = (t: bigint) => Number(t / 1_000_000n);
try {
  for (let c = 0; c < CYCLES; c++) {
    await fill(N, c * N);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const head = await heads.sign();
    const t1 = process.hrtime.bigint();
    const cpu1 = process.cpuUsage(cpu0);
    const profile = process.env['EVIDENCE_MINUTE_PROF'] && c === CYCLES - 1 ? new Session() : undefined;
    if (profile) {
      profile.connect();
      await profile.post('Profiler.enable');
      await profile.post('Profiler.setSamplingInterval', { interval: 200 });
      await profile.post('Profiler.start');
    }
    await push(head, heads);
    if (profile) writeFileSync(process.env['EVIDENCE_MINUTE_PROF']!, JSON.stringify((await profile.post('Profiler.stop')).profile));
    const t2 = process.hrtime.bigint();
    const cpu2 = process.cpuUsage(cpu0);
    const kept = await th.db.selectFrom('evidence_peer_inclusions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const alarms = await th.db.selectFrom('evidence_peer_alarms').selectAll().execute();
    const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    console.log(
      `cycle ${c + 1}: log ${head.size} entries (+${2 * N}); sign ${ms(t1 - t0)} ms wall, ${cpuMs(cpu1).toFixed(0)} ms CPU; ` +
        `push+verify+record ${ms(t2 - t1)} ms wall, ${(cpuMs(cpu2) - cpuMs(cpu1)).toFixed(0)} ms CPU; th-msdhs holds ${Number(kept.n)} inclusions, ${alarms.length} alarms`,
    );
    if (Number(kept.n) !== 2 * N * (c + 1) || alarms.length > 0) throw new Error('not every entry recorded');
  }
} finally {
  await served.stop();
  await bus.close();
  await nats.stop();
  await la.close();
  await th.close();
}
