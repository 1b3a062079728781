import { openDatabase } from '@mou-hub/db';

/** Reads a node's database from outside (WAL allows it): outbox counts by status, inbox ids. */
export async function readNodeDb(file: string) {
  const { db, close } = openDatabase<any>(file);
  try {
    const statuses = await db.selectFrom('outbox').select(['status', (eb: any) => eb.fn.countAll().as('n')]).where('type', '=', 'case.note').groupBy('status').execute();
    const inbox = await db.selectFrom('inbox').select(['id', 'type']).execute();
    return {
      sent: Object.fromEntries(statuses.map((r: { status: string; n: number }) => [r.status, Number(r.n)])) as Record<string, number>,
      received: inbox as { id: string; type: string }[],
    };
  } finally {
    await close();
  }
}
