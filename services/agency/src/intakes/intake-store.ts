import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AtRest } from '../platform/at-rest.ts';
import type { ConsentRecord } from '../cases/case-store.ts';
import type { IntakeTable } from '../cases/cases-schema.ts';
import type { AgencyDatabase } from '../platform/schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;
/** An `intakes` row as stored (details still sealed). */
export type IntakeRow = Selectable<IntakeTable>;

/** A new intake: its source, and the details and consent to seal. */
export interface NewIntake {
  id: string;
  source: string;
  recordedAt: string;
  recordedBy: string;
  details: unknown;
  consent?: ConsentRecord | undefined;
}

/** Records an intake, its details and consent sealed at rest. */
export async function insertIntake(db: Db, atRest: AtRest, i: NewIntake): Promise<void> {
  await db
    .insertInto('intakes')
    .values({
      id: i.id,
      source: i.source,
      recorded_at: i.recordedAt,
      recorded_by: i.recordedBy,
      details_sealed: atRest.seal(JSON.stringify(i.details)),
      consent_at: i.consent ? i.recordedAt : null,
      consent_sealed: i.consent ? atRest.seal(JSON.stringify(i.consent)) : null,
    })
    .execute();
}

/** The intake with this id, if any. */
export function findIntake(db: Db, id: string): Promise<IntakeRow | undefined> {
  return db.selectFrom('intakes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Intakes, newest first, with how many cases each led to. */
export async function listIntakes(db: Db, page: { limit: number; offset: number }) {
  const [items, count] = await Promise.all([
    db
      .selectFrom('intakes as i')
      .select(['i.id', 'i.source', 'i.recorded_at'])
      .select((eb) => eb.selectFrom('case_links as l').whereRef('l.source', '=', 'i.id').select((x) => x.fn.countAll<number>().as('n')).as('cases'))
      .orderBy('i.recorded_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db.selectFrom('intakes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((r) => ({ id: r.id, source: r.source, recordedAt: r.recorded_at, cases: Number(r.cases ?? 0) })),
    total: Number(count.n),
  };
}

/** Links a case to the intake or case it was opened from. */
export async function linkCase(db: Db, source: string, target: string, at: string): Promise<void> {
  await db.insertInto('case_links').values({ source, target, relation: 'opened-from', created_at: at }).onConflict((oc) => oc.doNothing()).execute();
}

/** Every link touching `id` (as source or target). */
export function linksOf(db: Db, id: string) {
  return db.selectFrom('case_links').selectAll().where((eb) => eb.or([eb('source', '=', id), eb('target', '=', id)])).execute();
}

/** What an intake's officer wrote down, opened. */
export function intakeDetails(row: Pick<IntakeRow, 'details_sealed'>, atRest: AtRest): Record<string, unknown> {
  return JSON.parse(atRest.open(row.details_sealed)) as Record<string, unknown>;
}

/** The consent recorded with an intake, opened; null when none was. */
export function intakeConsent(row: Pick<IntakeRow, 'consent_sealed'>, atRest: AtRest): ConsentRecord | null {
  return row.consent_sealed ? (JSON.parse(atRest.open(row.consent_sealed)) as ConsentRecord) : null;
}
