import type { AgencyDatabase } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';

/** Reads a node's database from outside (WAL allows it): case-note counts by status, signing kids, inbox ids. */
export async function readNodeDb(file: string) {
  const { db, close } = openDatabase<AgencyDatabase>(file);
  try {
    const statuses = await db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'case.note')
      .groupBy('status')
      .execute();
    const received = await db.selectFrom('inbox').select(['id', 'type']).execute();
    const sealed = await db.selectFrom('outbox').select('jws').where('type', '=', 'case.note').where('jws', 'is not', null).execute();
    // The kid in each sealed envelope's protected header: which key signed it.
    const signedBy = sealed.map((r) => (JSON.parse(Buffer.from(r.jws!.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid);
    return { sent: Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)])) as Record<string, number>, received, signedBy };
  } finally {
    await close();
  }
}
