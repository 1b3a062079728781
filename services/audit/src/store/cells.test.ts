import { migrate, openDatabase } from '@mou-hub/db';
import { createLogger } from '@mou-hub/service-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellFigures } from '../domain/turnaround.ts';
import { startCellRefresh } from '../ingest/cell-refresh.ts';
import { addToCell, refreshStaleCells } from './cases.ts';
import { migrations } from './migrations.ts';
import { turnaroundCells } from './reports.ts';
import type { AuditDb } from './schema.ts';

const clock = (netMs: number, businessMs: number, status: 'met' | 'breached' = 'met') => ({
  step: 'acknowledge-repatriation',
  startsType: 'repatriation.request',
  startedAt: '2026-03-02T08:00:00.000Z',
  status,
  netMs,
  businessMs,
});

async function fresh() {
  const database = openDatabase<AuditDb>(':memory:');
  await migrate(database.db, migrations);
  return database;
}

const figuresOf = (db: Awaited<ReturnType<typeof fresh>>['db']) =>
  db.selectFrom('turnaround_cells').select(['count', 'within_count', 'median_ms', 'p90_ms', 'max_ms', 'median_business_ms', 'p90_business_ms', 'stale']).executeTakeFirstOrThrow();

describe('turnaround cells', () => {
  it('a new cell holds its one clock’s figures; a later clock marks it stale until the refresh recomputes it', async () => {
    const { db, close } = await fresh();
    await addToCell(db, 'la-th', clock(5_000, 4_000));
    expect(await figuresOf(db)).toEqual({ count: 1, within_count: 1, median_ms: 5_000, p90_ms: 5_000, max_ms: 5_000, median_business_ms: 4_000, p90_business_ms: 4_000, stale: 0 });
    await addToCell(db, 'la-th', clock(1_000, 900, 'breached'));
    await addToCell(db, 'la-th', clock(9_000, 100));
    const stale = await figuresOf(db);
    expect(stale).toMatchObject({ count: 3, within_count: 2, stale: 1 });
    expect(await refreshStaleCells(db)).toBe(1);
    expect(await figuresOf(db)).toEqual({ count: 3, within_count: 2, ...cellFigures([1_000, 5_000, 9_000], [100, 900, 4_000]), stale: 0 });
    expect(await refreshStaleCells(db)).toBe(0);
    await close();
  });

  it('the figures after a refresh are those of every clock added, in any order (nearest rank)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(10 ** 9), fc.nat(10 ** 9)), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 60 }), async (durations, every) => {
        const { db, close } = await fresh();
        for (const [i, [net, business]] of durations.entries()) {
          await addToCell(db, 'la-th', clock(net, business));
          if (i % every === 0) await refreshStaleCells(db);
        }
        await refreshStaleCells(db);
        const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
        expect(await figuresOf(db)).toEqual({
          count: durations.length,
          within_count: durations.length,
          ...cellFigures(sorted(durations.map((d) => d[0])), sorted(durations.map((d) => d[1]))),
          stale: 0,
        });
        await close();
      }),
      { numRuns: 25 },
    );
  });

  it('a report refreshes stale cells before it reads them', async () => {
    const { db, close } = await fresh();
    for (const ms of [30, 10, 20]) await addToCell(db, 'la-th', clock(ms, ms));
    const [cell] = await turnaroundCells(db, {});
    expect(cell).toMatchObject({ count: 3, median_ms: 20, p90_ms: 30, max_ms: 30 });
    await close();
  });

  it('the audit refreshes stale cells by itself, and stops cleanly', async () => {
    const { db, close } = await fresh();
    const refresher = startCellRefresh(db, createLogger('test'), 20);
    for (const ms of [30, 10, 20]) await addToCell(db, 'la-th', clock(ms, ms));
    await expect.poll(async () => (await figuresOf(db)).stale, { timeout: 2_000 }).toBe(0);
    expect(await figuresOf(db)).toMatchObject({ median_ms: 20 });
    await refresher.stop();
    await close();
  });

  it('a clock’s write does not grow with its cell: the cell’s row stays a few numbers long', async () => {
    const { db, sqlite, close } = await fresh();
    const rowBytes = () => (sqlite.prepare('select length(cast(agreement || starts_type || step || month || count || within_count || median_ms || p90_ms || max_ms as blob)) as n from turnaround_cells').get() as { n: number }).n;
    await addToCell(db, 'la-th', clock(1, 1));
    const first = rowBytes();
    for (let i = 0; i < 2_000; i++) await addToCell(db, 'la-th', clock(i * 1000, i * 1000));
    await refreshStaleCells(db);
    expect(rowBytes()).toBeLessThan(first + 40);
    expect(sqlite.prepare('pragma table_info(turnaround_cells)').all().map((c) => (c as { name: string }).name)).not.toContain('durations');
    await close();
  });
});

describe('migration 0004: durations out of the cell row', () => {
  it('moves a cell’s JSON arrays into rows, keeps its figures, and drops the columns', async () => {
    const database = openDatabase<AuditDb>(':memory:');
    const before = migrations.filter((m) => m.name !== '0004-turnaround-durations');
    await migrate(database.db, before);
    database.sqlite
      .prepare(
        `insert into turnaround_cells (agreement, starts_type, step, month, count, within_count, durations, business, median_ms, p90_ms, max_ms, median_business_ms, p90_business_ms)
         values ('la-th', 'repatriation.request', 'acknowledge-repatriation', '2026-03', 3, 2, '[1000,5000,9000]', '[100,900,4000]', 5000, 9000, 9000, 900, 4000)`,
      )
      .run();
    expect(await migrate(database.db, migrations)).toEqual(['0004-turnaround-durations']);
    const rows = await database.db.selectFrom('turnaround_durations').select(['net_ms', 'business_ms']).orderBy('net_ms').execute();
    expect(rows).toEqual([
      { net_ms: 1000, business_ms: 100 },
      { net_ms: 5000, business_ms: 900 },
      { net_ms: 9000, business_ms: 4000 },
    ]);
    // One more clock, then the refresh: the figures count the moved durations with it.
    await addToCell(database.db, 'la-th', clock(2_000, 200));
    await refreshStaleCells(database.db);
    expect(await figuresOf(database.db)).toEqual({ count: 4, within_count: 3, ...cellFigures([1000, 2000, 5000, 9000], [100, 200, 900, 4000]), stale: 0 });
    await database.close();
  });
});

describe('the cells’ statements use an index', () => {
  it('adding a clock and refreshing stale cells never scans a table (the cost stays flat as the months fill)', async () => {
    const { db, sqlite, close } = await fresh();
    const statements = new Set<string>();
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((sql: string) => {
      statements.add(sql);
      return prepare(sql);
    }) as typeof sqlite.prepare;
    for (const ms of [30, 10, 20]) await addToCell(db, 'la-th', clock(ms, ms));
    await refreshStaleCells(db);
    sqlite.prepare = prepare;
    const reads = [...statements].filter((s) => /^(select|update)/i.test(s));
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const statement of reads) {
      const params = (statement.match(/\?/g) ?? []).map(() => 'x');
      const plan = (sqlite.prepare(`explain query plan ${statement}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan, statement).not.toMatch(/\bSCAN\b(?! USING)/);
      expect(plan, statement).toMatch(/SEARCH|USING (COVERING )?INDEX/);
    }
    await close();
  });
});
