import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { accessLogPage, recordAccess } from './access-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';

describe('access log', () => {
  let db: Kysely<AgencyDatabase>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase());
    await recordAccess(db, [
      { at: '2026-03-01T08:00:00.000Z', user: 'ann', case: 'c1', what: 'case' },
      { at: '2026-03-01T08:01:00.000Z', user: 'bob', case: 'c1', what: 'message:m1' },
      { at: '2026-03-01T08:02:00.000Z', user: 'ann', case: 'c2', what: 'case' },
    ]);
  });
  afterAll(() => close());

  it.each([
    [{}, 3, ['c1/ann', 'c1/bob', 'c2/ann']],
    [{ case: 'c1' }, 2, ['c1/ann', 'c1/bob']],
    [{ user: 'ann' }, 2, ['c1/ann', 'c2/ann']],
    [{ case: 'c2', user: 'bob' }, 0, []],
  ])('filters %o', async (filter, total, seen) => {
    const page = await accessLogPage(db, { ...filter, limit: 50, offset: 0 });
    expect(page.total).toBe(total);
    expect(page.items.map((e) => `${e.case}/${e.user}`)).toEqual(seen);
  });

  it('pages in order of recording', async () => {
    const page = await accessLogPage(db, { limit: 1, offset: 1 });
    expect(page).toEqual({ total: 3, items: [{ at: '2026-03-01T08:01:00.000Z', user: 'bob', case: 'c1', what: 'message:m1' }] });
  });
});
