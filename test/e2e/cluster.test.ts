import { afterAll, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually } from '../support/api.ts';
import { readNodeDb } from '../support/outbox-stats.ts';

const TOTAL = 300;
let fed: TestFederation | undefined;
afterAll(() => fed?.close());

describe('a 3-node cluster with R3 stream and directory', () => {
  it('delivers every message exactly once while one server after another is killed and restarted', async () => {
    fed = await startTestFederation(['th-msdhs', 'la-mlsw'], { cluster: true });
    const f = fed;
    const thai = await f.api('th-msdhs');
    const ids: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      // Kill a server with SIGKILL every hundred messages, and bring the previous one back.
      if (i > 0 && i % 100 === 0) {
        const victim = f.cluster!.servers[(i / 100 - 1) % 3]!;
        await victim.stop('SIGKILL');
        await new Promise((r) => setTimeout(r, 300));
        await victim.restart();
      }
      let res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: `note ${i}` } });
      // A node busy with a server's loss may answer 503 with Retry-After: a client waits and sends again.
      while (res.status === 503) {
        await new Promise((r) => setTimeout(r, 1_000 * Number(res.json?.error?.details?.retryAfterSeconds ?? 1)));
        res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: `note ${i}` } });
      }
      expect(res.status).toBe(202);
      ids.push(res.json.id);
    }
    const sender = f.agency('th-msdhs').database;
    await eventually(async () => (await readNodeDb(sender)).sent['delivered'] === TOTAL, 90_000, `${TOTAL} delivered`);
    expect((await readNodeDb(sender)).sent).toEqual({ delivered: TOTAL });
    const notes = (await readNodeDb(f.agency('la-mlsw').database)).received.filter((m) => m.type === 'case.note').map((m) => m.id);
    expect(notes.sort()).toEqual([...ids].sort());
  }, 150_000);
});
