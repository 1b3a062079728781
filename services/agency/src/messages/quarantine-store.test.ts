import { describe, expect, it } from 'vitest';
import { insertQuarantine, JUNK_PREFIX_BYTES, listQuarantine, quarantinedRaw } from './quarantine-store.ts';
import { openTestDatabase } from '../platform/test-db.ts';

const bytes = (n: number) => new TextEncoder().encode('x'.repeat(n));

describe('quarantinedRaw', () => {
  it.each([
    ['small unverified junk, whole', 100, false, 100, 0],
    ['unverified junk, a bounded prefix', 200_000, false, JUNK_PREFIX_BYTES, 1],
    ['junk just at the prefix, whole', JUNK_PREFIX_BYTES, false, JUNK_PREFIX_BYTES, 0],
    ['a verified message, whole', 200_000, true, 200_000, 0],
  ])('%s', (_what, size, verified, kept, truncated) => {
    const r = quarantinedRaw(bytes(size), { verified });
    expect(r.raw.length).toBe(kept);
    expect(r.truncated).toBe(truncated);
  });
});

describe('listQuarantine', () => {
  it('says which rows keep only a prefix of their bytes (real SQLite)', async () => {
    const { db, close } = await openTestDatabase();
    try {
      for (const [seq, size] of [[1, 100], [2, 200_000]] as const) {
        const { raw, truncated } = quarantinedRaw(bytes(size), { verified: false });
        const row = { message_id: null, from_agency: null, kid: null, code: 'malformed', detail: 'x', verified: 0, received_at: '2026-11-29T10:00:00.000Z' };
        await insertQuarantine(db, { ...row, subject: 'mou.v1.msg.la-mlsw.th-msdhs', stream_seq: seq, envelope_hash: `sha-256:${seq}`, size, truncated, raw });
      }
      const page = await listQuarantine(db, { limit: 10, offset: 0 });
      expect(page.items.map((r) => [r.size, r.truncated])).toEqual([[200_000, 1], [100, 0]]);
    } finally {
      await close();
    }
  });
});
