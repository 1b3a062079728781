import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedDirectory, recordAcceptedDirectory, storedDirectory } from './directory-state.ts';
import { openTestDatabase } from './test-db.ts';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

const v = (version: number) => ({ version, hash: `sha256:v${version}`, issued: '2026-01-01T00:00:00.000Z' });
const r = (version: number) => ({ ...v(version), jws: `jws-of-${version}` });

describe('the accepted directory version', () => {
  it('is nothing on a fresh database, then the highest recorded; it never goes down', async () => {
    expect(await acceptedDirectory(t.db)).toBeUndefined();
    await recordAcceptedDirectory(t.db, r(3), new Date());
    await recordAcceptedDirectory(t.db, r(5), new Date());
    await recordAcceptedDirectory(t.db, r(4), new Date()); // a late write from an older take
    expect(await acceptedDirectory(t.db)).toEqual(v(5));
    const rows = await t.db.selectFrom('directory_state').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps the signed form of the version recorded, filled in for a row written before it was kept', async () => {
    await recordAcceptedDirectory(t.db, { ...v(6), jws: 'jws-of-6' }, new Date());
    expect(await storedDirectory(t.db)).toBe('jws-of-6');
    await recordAcceptedDirectory(t.db, { ...v(5), jws: 'jws-of-5' }, new Date());
    expect(await storedDirectory(t.db)).toBe('jws-of-6');
    // A row from before migration 0013: the same version and hash fill it in, other content does not.
    await t.db.updateTable('directory_state').set({ jws: null }).execute();
    expect(await storedDirectory(t.db)).toBeUndefined();
    await recordAcceptedDirectory(t.db, { ...v(6), hash: 'sha256:other', jws: 'other content' }, new Date());
    expect(await storedDirectory(t.db)).toBeUndefined();
    await recordAcceptedDirectory(t.db, { ...v(6), jws: 'jws-of-6' }, new Date());
    expect(await storedDirectory(t.db)).toBe('jws-of-6');
    expect(await acceptedDirectory(t.db)).toEqual(v(6));
  });
});
