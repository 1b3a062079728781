import { sql, type Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * A turnaround cell's durations move from two JSON arrays in its row to a row each in
 * `turnaround_durations` (issue 21). Each ended clock parsed, grew and wrote back both arrays
 * of its month: past 10,000 clocks in a cell that was 1.5 ms of CPU and 160 KB written to the
 * WAL per clock, growing with the month. Now a clock adds one small row and marks its cell
 * `stale`; the figures are recomputed from the rows once for many clocks (`refreshStaleCells`).
 * The arrays were sorted apart, so a cell's old durations are paired by rank: each column keeps
 * its own values, which is all a figure reads.
 */
export const durationsMigration: Migration = {
  name: '0004-turnaround-durations',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('turnaround_durations')
      .addColumn('agreement', 'text', (c) => c.notNull())
      .addColumn('starts_type', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('net_ms', 'integer', (c) => c.notNull())
      .addColumn('business_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('turnaround_durations_cell').on('turnaround_durations').columns(['agreement', 'starts_type', 'step', 'month']).execute();
    await db.schema.alterTable('turnaround_cells').addColumn('stale', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // Few cells are stale at once, and the refresh asks for them alone.
    await sql`create index turnaround_cells_stale on turnaround_cells (stale) where stale = 1`.execute(db);

    const cells = await db.selectFrom('turnaround_cells').select(['agreement', 'starts_type', 'step', 'month', 'durations', 'business']).execute();
    for (const c of cells as { agreement: string; starts_type: string; step: string; month: string; durations: string; business: string }[]) {
      const net = JSON.parse(c.durations) as number[];
      const business = JSON.parse(c.business) as number[];
      const rows = net.map((n, i) => ({ agreement: c.agreement, starts_type: c.starts_type, step: c.step, month: c.month, net_ms: n, business_ms: business[i] ?? n }));
      // SQLite takes at most 32,766 bound values a statement: 6 a row.
      for (let i = 0; i < rows.length; i += 5_000) await db.insertInto('turnaround_durations').values(rows.slice(i, i + 5_000)).execute();
    }
    await db.schema.alterTable('turnaround_cells').dropColumn('durations').execute();
    await db.schema.alterTable('turnaround_cells').dropColumn('business').execute();
  },
};
