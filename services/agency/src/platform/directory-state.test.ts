import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedDirectory, recordAcceptedDirectory } from './directory-state.ts';
import { openTestDatabase } from './test-db.ts';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

const v = (version: number) => ({ version, hash: `sha256:v${version}`, issued: '2026-01-01T00:00:00.000Z' });

describe('the accepted directory version', () => {
  it('is nothing on a fresh database, then the highest recorded; it never goes down', async () => {
    expect(await acceptedDirectory(t.db)).toBeUndefined();
    await recordAcceptedDirectory(t.db, v(3), new Date());
    await recordAcceptedDirectory(t.db, v(5), new Date());
    await recordAcceptedDirectory(t.db, v(4), new Date()); // a late write from an older take
    expect(await acceptedDirectory(t.db)).toEqual(v(5));
    const rows = await t.db.selectFrom('directory_state').selectAll().execute();
    expect(rows).toHaveLength(1);
  });
});
