import type { Kysely, Selectable, Transaction } from 'kysely';
import { caseRef, type Directory, PROTOCOL_TYPES } from '@mou-hub/protocol';
import { caseDeadlines, caseTranslationPauses, placeOf, replayCase, stepFacts, type CaseKind, type CaseState, type Party, type Side, type StepDeadline, type TimedStep } from '@mou-hub/workflows';
import { judgeStep, partyIn, type CaseChange, type CaseFacts, type ConsularParties, type PlainThread, type StepMessage, type StepVerdict } from './rules/case-step.ts';
import { personsOf, type CasePersonRecord } from './rules/case-persons.ts';
import type { AtRest } from '../platform/at-rest.ts';
import type { CaseTable } from './cases-schema.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { threadFacts, threadMessages } from '../messages/thread-store.ts';
import { caseTranslationJobs } from '../translations/case-translations.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;
/** A `cases` row as stored (sealed columns still sealed). */
export type CaseRow = Selectable<CaseTable>;

/** The consent to share as the node records it. */
export interface ConsentRecord {
  given: boolean;
  by: string;
  name?: string | undefined;
  date: string;
  recordedBy: string;
  recordedAt: string;
  /** `recorded` (given with the case), `intake`, `request` (in the opening body), `counterpart` (they opened it). */
  source: 'recorded' | 'intake' | 'request' | 'counterpart';
}

/** The case with this thread id, if this node holds one. */
export function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The reference of the next case this node opens under `agreement` (`LA-TH-2026-0042`): the
 * serial after the highest this node holds in that agreement and year, its own or one a
 * counterpart gave, so that a node never gives a reference it already shows (the embassy's
 * search and the police's repatriation had both been `LA-CN-2026-0001` on the embassy's pages,
 * the one linked from the other). Called inside the opening transaction, so two openings never
 * take the same serial. Two openers that see none of each other's cases can still count the
 * same serial: the counterpart's name tells those apart.
 */
export async function nextCaseRef(db: Db, agreement: string, at: string): Promise<string> {
  const year = Number(at.slice(0, 4));
  const prefix = caseRef(agreement, year, 0).replace(/0+$/, '');
  const refs = await db.selectFrom('cases').select('ref').where('ref', 'like', `${prefix}%`).execute();
  const last = Math.max(0, ...refs.map((r) => Number(r.ref?.slice(prefix.length))).filter(Number.isFinite));
  return caseRef(agreement, year, last + 1);
}

/** The third party of a case (issue 16), and which agency of its side this node is. */
export function caseParties(row: Pick<CaseRow, 'parties'>): (ConsularParties & { mine: Party }) | undefined {
  return row.parties ? (JSON.parse(row.parties) as ConsularParties & { mine: Party }) : undefined;
}

/** What check 14 needs of a stored case. */
export function caseFacts(row: CaseRow): CaseFacts & { party: Party } {
  const parties = caseParties(row);
  return {
    id: row.id,
    kind: row.kind as CaseKind,
    agreement: row.agreement,
    counterpart: row.counterpart,
    role: row.role as Side,
    machine: JSON.parse(row.machine) as CaseState,
    ...(parties ? { consular: { agency: parties.agency, focalPoint: parties.focalPoint } } : {}),
    party: parties?.mine ?? 'focal-point',
  };
}

/** A thread without a case: the types it holds, and the agreement and parties of its first message. */
async function plainThread(db: Db, thid: string): Promise<PlainThread> {
  const [facts, first] = await Promise.all([
    threadFacts(db, thid),
    db
      .selectFrom('outbox')
      .select(['agreement', 'to_agency as other'])
      .where('id', '=', thid)
      .unionAll(db.selectFrom('inbox').select(['agreement', 'from_agency as other']).where('id', '=', thid))
      .executeTakeFirst(),
  ]);
  return first ? { ...facts, agreement: first.agreement, counterpart: first.other } : facts;
}

/**
 * Check 14 for one message, sent by this node (`m.from === self`) or received: loads the case
 * (or the plain thread) and judges the step with the shared workflow.
 */
export async function judgeMessage(db: Db, self: string, m: StepMessage): Promise<StepVerdict> {
  const row = m.thid === m.id ? undefined : await findCase(db, m.thid);
  const thread = row || m.thid === m.id ? { exists: true, types: new Set<string>() } : await plainThread(db, m.thid);
  return judgeStep(self, row && caseFacts(row), thread, m);
}

/** What `applyStep` needs from the node. */
export interface CaseStoreContext {
  self: string;
  atRest: AtRest;
  directory: Directory;
  now: Date;
}

/**
 * Writes a judged step to the case, in the transaction that commits the message (after the
 * message row is written): opens the case, or moves it to the machine's next state, and
 * recomputes the earliest due date. `consent` is stored with a newly opened case.
 */
export async function applyStep(
  trx: Db,
  ctx: CaseStoreContext,
  m: StepMessage & { created: string },
  change: CaseChange,
  consent?: ConsentRecord,
): Promise<CaseState | undefined> {
  const at = ctx.now.toISOString();
  if (change.kind === 'none') return undefined;
  if (change.kind === 'open') {
    const persons = personsOf(m.type, m.body);
    await trx
      .insertInto('cases')
      .values({
        id: m.thid,
        ref: m.ref ?? null,
        kind: change.caseKind,
        agreement: m.agreement,
        counterpart: change.counterpart,
        role: change.role,
        state: change.state.state,
        machine: JSON.stringify(change.state),
        opened_at: m.created,
        updated_at: at,
        due_at: null,
        consent_at: consent ? at : null,
        consent_sealed: consent ? ctx.atRest.seal(JSON.stringify(consent)) : null,
        persons_sealed: persons.length ? ctx.atRest.seal(JSON.stringify(persons)) : null,
        parties: change.consular ? JSON.stringify(change.consular) : null,
      })
      .execute();
  } else {
    await trx
      .updateTable('cases')
      .set({ state: change.state.state, machine: JSON.stringify(change.state), updated_at: at })
      .where('id', '=', m.thid)
      .execute();
    const added = personsOf(m.type, m.body);
    if (added.length) await addPersons(trx, ctx.atRest, m.thid, added);
  }
  const row = await findCase(trx, m.thid);
  if (row) {
    const open = (await deadlinesOf(trx, ctx.directory, ctx.self, row, ctx.now)).filter((d) => d.status === 'open');
    const due = open.map((d) => d.due).sort()[0] ?? null;
    await trx.updateTable('cases').set({ due_at: due }).where('id', '=', m.thid).execute();
  }
  return change.state;
}

/** Appends persons joining an open case (`repatriation.person.added`) to its sealed persons. */
async function addPersons(trx: Db, atRest: AtRest, thid: string, added: CasePersonRecord[]): Promise<void> {
  const row = await findCase(trx, thid);
  const before = row ? casePersons(row, atRest) : [];
  await trx.updateTable('cases').set({ persons_sealed: atRest.seal(JSON.stringify([...before, ...added])) }).where('id', '=', thid).execute();
}

/** The side of the agency that sent a message of the case (a third party's on its own side). */
function senderSide(self: string, row: CaseRow, from: string): Side | undefined {
  return partyIn(self, caseFacts(row), from)?.side;
}

/** The business messages of a case as the deadline clock needs them: type, sender's side, `created`, `stats`. */
async function timedSteps(db: Db, self: string, row: CaseRow): Promise<TimedStep[]> {
  const mine = row.role as Side;
  const [sent, received] = await Promise.all([
    // One row per message: a copy to a third party (`copy_of`) is the same step.
    db.selectFrom('outbox').select(['type', 'created', 'stats']).where('thid', '=', row.id).where('copy_of', 'is', null).where('status', 'not in', ['failed', 'rejected']).where('type', 'not in', PROTOCOL_TYPES).execute(),
    db.selectFrom('inbox').select(['type', 'created', 'stats', 'from_agency']).where('thid', '=', row.id).where('type', 'not in', PROTOCOL_TYPES).execute(),
  ]);
  // The same counts the audit reads: a deadline's `startsWhen` decides from them alone.
  const counts = (stats: string | null) => (stats ? { counts: JSON.parse(stats) as Record<string, number> } : {});
  return [
    ...sent.map((s) => ({ type: s.type, side: mine, at: s.created, ...counts(s.stats) })),
    ...received.flatMap((r) => {
      const side = senderSide(self, row, r.from_agency);
      return side ? [{ type: r.type, side, at: r.created, ...counts(r.stats) }] : [];
    }),
  ];
}

/** Every deadline of a case under its agreement's policy, as of `now`. */
export async function deadlinesOf(db: Db, directory: Directory, self: string, row: CaseRow, now: Date): Promise<StepDeadline[]> {
  const agreement = directory.agreement(row.agreement);
  const policy = agreement?.deadlines ?? [];
  if (policy.length === 0) return [];
  const machine = JSON.parse(row.machine) as CaseState;
  // Each side's calendar and time zone from the directory (the embassy keeps Beijing's).
  const home = caseParties(row);
  // The home side's clocks run in its focal point's calendar, a consular party's steps in its own.
  const me = placeOf(self, directory.agency(self));
  const them = placeOf(row.counterpart, directory.agency(row.counterpart));
  const focal = home ? placeOf(home.focalPoint, directory.agency(home.focalPoint)) : undefined;
  const two = row.role === 'initiator' ? { initiator: me, responder: focal ?? them } : { initiator: them, responder: focal ?? me };
  const parties = home ? { ...two, consular: placeOf(home.agency, directory.agency(home.agency)) } : two;
  const steps = await timedSteps(db, self, row);
  const jobs = await caseTranslationJobs(db, row.id);
  try {
    const pauses = caseTranslationPauses({ deadlines: policy, translation: agreement?.translation, steps, parties, jobs });
    return caseDeadlines({ deadlines: policy, steps, parties, urgency: machine.memory.urgent ? 'urgent' : 'normal', now: now.toISOString(), pauses });
  } catch {
    // Deadlines are policy shown beside the case, never a reason to refuse or lose a step: this
    // runs inside the inbox commit, where a throw would redeliver the message forever.
    return [];
  }
}

/** Filters and page of {@link listCases}. */
export interface CaseQuery {
  kind?: string | undefined;
  state?: string | undefined;
  agreement?: string | undefined;
  counterpart?: string | undefined;
  /** Only cases with an open step past due (`true`) or none (`false`). */
  overdue?: boolean | undefined;
  now: string;
  limit: number;
  offset: number;
}

/** Cases, newest first. */
export async function listCases(db: Db, q: CaseQuery): Promise<{ items: CaseRow[]; total: number }> {
  let base = db.selectFrom('cases');
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.state) base = base.where('state', '=', q.state);
  if (q.agreement) base = base.where('agreement', '=', q.agreement);
  if (q.counterpart) base = base.where('counterpart', '=', q.counterpart);
  if (q.overdue === true) base = base.where('due_at', '<', q.now);
  if (q.overdue === false) base = base.where((eb) => eb.or([eb('due_at', 'is', null), eb('due_at', '>=', q.now)]));
  const [items, count] = await Promise.all([
    base.selectAll().orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** The persons recorded with a case (HTCDS blocks), opened; none when it has none. */
export function casePersons(row: Pick<CaseRow, 'persons_sealed'>, atRest: AtRest): CasePersonRecord[] {
  return row.persons_sealed ? (JSON.parse(atRest.open(row.persons_sealed)) as CasePersonRecord[]) : [];
}

/** The consent recorded with a case, opened. */
export function caseConsent(row: CaseRow, atRest: AtRest): ConsentRecord | null {
  return row.consent_sealed ? (JSON.parse(atRest.open(row.consent_sealed)) as ConsentRecord) : null;
}

/**
 * After a sent step was rejected by the recipient (a race: both sides acted at once), the case
 * is replayed from the messages that stand (received, and sent but not rejected or failed), so
 * this side falls back to the state the other side holds.
 */
export async function rebuildCaseAfterRejection(trx: Db, ctx: CaseStoreContext, rejectedId: string): Promise<void> {
  const sent = await trx.selectFrom('outbox').select(['thid', 'type']).where('id', '=', rejectedId).executeTakeFirst();
  const row = sent && (await findCase(trx, sent.thid));
  if (!row) return;
  const facts = caseFacts(row);
  const standing = (await threadMessages(trx, row.id)).filter((e) => e.direction === 'in' || !['failed', 'rejected'].includes(e.row.status));
  const replayed = replayCase(
    standing.flatMap((e) => {
      const from = e.direction === 'out' ? ctx.self : e.row.from_agency;
      const who = partyIn(ctx.self, facts, from);
      if (!who) return [];
      return [{
        type: e.row.type,
        side: who.side,
        facts: stepFacts(e.row.type, JSON.parse(ctx.atRest.open(e.row.body)) as unknown),
        id: e.row.id,
        ...(who.party === 'consular' ? { party: who.party } : {}),
      }];
    }),
  );
  if (!replayed.ok) return;
  await trx.updateTable('cases').set({ state: replayed.state.state, machine: JSON.stringify(replayed.state), updated_at: ctx.now.toISOString() }).where('id', '=', row.id).execute();
  const open = (await deadlinesOf(trx, ctx.directory, ctx.self, (await findCase(trx, row.id))!, ctx.now)).filter((d) => d.status === 'open');
  await trx.updateTable('cases').set({ due_at: open.map((d) => d.due).sort()[0] ?? null }).where('id', '=', row.id).execute();
}
