/** The embassy desk's intakes: record one, read one with the cases opened from it. API and console alike. */
import { uuidv7 } from '@mou-hub/protocol';
import type { Kysely } from 'kysely';
import type { CaseRow, ConsentRecord } from '../cases/case-store.ts';
import type { IntakeRequest } from '../cases/http/case-schemas.ts';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { findIntake, insertIntake, intakeConsent, intakeDetails, linksOf } from './intake-store.ts';

interface Deps {
  db: Kysely<AgencyDatabase>;
  atRest: AtRest;
}

/**
 * Records a call for help or a police notice (valid `IntakeRequest`), its details and consent
 * sealed at rest; answers its id.
 * @example const id = await recordIntake(deps, { source: 'call-for-help', person: {}, narrative: '…' }, 'emb.desk');
 */
export async function recordIntake(deps: Deps, input: IntakeRequest, user: string, now = new Date()): Promise<string> {
  const { source, consent, ...details } = input;
  const id = uuidv7();
  const at = now.toISOString();
  const record: ConsentRecord | undefined = consent && { ...consent, recordedBy: user, recordedAt: at, source: 'recorded' };
  await insertIntake(deps.db, deps.atRest, { id, source, recordedAt: at, recordedBy: user, details, consent: record });
  return id;
}

/** An intake opened: who recorded it, its details and consent, and the cases opened from it. */
export interface IntakeDetail {
  id: string;
  source: string;
  recordedAt: string;
  recordedBy: string;
  details: Record<string, unknown>;
  consent: ConsentRecord | null;
  cases: CaseRow[];
}

/**
 * One intake with the cases opened from it; undefined when there is none. The caller records
 * the read in the access log (it shows personal data).
 */
export async function intakeDetail(deps: Deps, id: string): Promise<IntakeDetail | undefined> {
  const row = await findIntake(deps.db, id);
  if (!row) return undefined;
  const cases: CaseRow[] = [];
  for (const link of await linksOf(deps.db, id)) {
    if (link.source !== id) continue;
    const found = await deps.db.selectFrom('cases').selectAll().where('id', '=', link.target).executeTakeFirst();
    if (found) cases.push(found);
  }
  return {
    id: row.id,
    source: row.source,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    details: intakeDetails(row, deps.atRest),
    consent: intakeConsent(row, deps.atRest),
    cases,
  };
}
