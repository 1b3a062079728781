/** `GET /api/v1/cases/:id` and the list items: a case as the API shows it. */
import { verifyOnly } from '@mou-hub/protocol';
import { allowedActions, type CaseState, type Side } from '@mou-hub/workflows';
import { officerActions } from './rules/sent-by-node.ts';
import { listCaseAttachments } from '../attachments/list.ts';
import type { CasePersonRecord } from './rules/case-persons.ts';
import { caseConsent, caseFacts, casePersons, deadlinesOf, findCase, type CaseRow } from './case-store.ts';
import { findIntake, linksOf } from '../intakes/intake-store.ts';
import { outboxEvents } from '../messages/outbox-store.ts';
import { threadMessages } from '../messages/thread-store.ts';
import { listCaseTranslations } from '../translations/case-translations.ts';
import type { AppDeps } from '../http/deps.ts';
import { inboxView, outboxView } from '../messages/message-view.ts';

/** A case as a list shows it. */
export function caseListItem(row: CaseRow) {
  return { id: row.id, ref: row.ref, kind: row.kind, agreement: row.agreement, counterpart: row.counterpart, state: row.state, openedAt: row.opened_at, due: row.due_at };
}

/** The whole case: persons, what this side may do, every message both ways, deadlines, links. */
export async function caseView(deps: AppDeps, row: CaseRow, now: Date) {
  const { machine, role, party, consular } = caseFacts(row);
  // A case's third party (issue 16) is offered only its own steps, the focal point only its own.
  const turn = officerActions(allowedActions(machine, role, { party }));
  const entries = await threadMessages(deps.db, row.id);
  const timeline = await Promise.all(
    entries.map(async (e) =>
      e.direction === 'out'
        ? { ...outboxView(deps.agency, e.row, await outboxEvents(deps.db, e.row.id), deps.atRest), ...(consular ? { copies: await copiesOf(deps, e.row.id) } : {}) }
        : inboxView(deps.agency, e.row, deps.atRest),
    ),
  );
  const records = casePersons(row, deps.atRest);
  const refs = [...new Set([...records.map((p) => p.ref), ...Object.keys(machine.persons)])];
  const persons = refs.map((ref) => {
    const own = machine.persons[ref];
    const record = records.find((p) => p.ref === ref)?.record;
    return { ref, state: own?.state ?? row.state, ...(own?.reason ? { reason: own.reason } : {}), ...(record ? { record } : {}) };
  });
  const deadlines = (await deadlinesOf(deps.db, deps.directory(), deps.agency, row, now)).map((d) => ({
    step: d.step,
    by: d.side,
    // The agency that owes it: its side's focal point, or the home side's consular party.
    agency: d.party === 'consular' && consular ? consular.agency : agencyOf(deps.agency, row, d.side),
    startedAt: d.startedAt,
    due: d.due,
    status: d.status,
    overdue: d.overdue,
    // Raw wall-clock time, and the time net of translation pauses (issue 9).
    paused: d.paused,
    rawElapsedMs: d.rawElapsedMs,
    netElapsedMs: d.netElapsedMs,
    source: 'secretariat-policy',
  }));
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind,
    agreement: row.agreement,
    counterpart: row.counterpart,
    role,
    // Every agency of the case by side (issue 16: the home side's consular party beside its focal point).
    parties: {
      initiator: agencyOf(deps.agency, row, 'initiator'),
      responder: agencyOf(deps.agency, row, 'responder'),
      ...(consular ? { consular: consular.agency } : {}),
    },
    party,
    state: row.state,
    persons,
    actions: turn,
    // Open whatever the turn: notes, closing (the node sends translation status itself).
    anytimeActions: officerActions(allowedActions(machine, role, { anytime: true, party })).filter((a) => !turn.some((t) => t.name === a.name)),
    timeline,
    deadlines,
    attachments: await listCaseAttachments(deps.db, row.id, deps.atRest),
    translations: await listCaseTranslations(deps.db, row.id, deps.atRest),
    links: await caseLinks(deps, row.id),
    consent: caseConsent(row, deps.atRest),
    ...(machine.kind === 'repatriation' ? { handover: await handoverSignatures(deps, row, timeline) } : {}),
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
  };
}

/** A sent message's envelopes to the case's third party (issue 16): each recipient and how far it got. */
async function copiesOf(deps: AppDeps, id: string): Promise<{ to: string; status: string }[]> {
  const rows = await deps.db.selectFrom('outbox').select(['to_agency', 'status']).where('copy_of', '=', id).orderBy('to_agency').execute();
  return rows.map((r) => ({ to: r.to_agency, status: r.status }));
}

/** The focal point of `side` in a case held here (with a consular party, the home side's is the one it names). */
function agencyOf(self: string, row: CaseRow, side: Side): string {
  const consular = caseFacts(row).consular;
  if (side === 'responder' && consular) return consular.focalPoint;
  return row.role === side ? self : row.counterpart;
}

/** The intake and cases this case was opened from, those opened from it, and its siblings of one intake. */
export async function caseLinks(deps: AppDeps, id: string) {
  const direct = await linksOf(deps.db, id);
  const intakes = direct.filter((l) => l.target === id).map((l) => l.source);
  const siblings = (await Promise.all(intakes.map((i) => linksOf(deps.db, i)))).flat().filter((l) => l.target !== id);
  const seen = new Set<string>();
  const out = [];
  for (const [other, relation] of [
    ...direct.map((l) => (l.target === id ? [l.source, 'opened-from'] : [l.target, 'led-to'])),
    ...siblings.map((l) => [l.target, 'sibling']),
  ] as [string, string][]) {
    if (seen.has(other)) continue;
    seen.add(other);
    const linked = await findCase(deps.db, other);
    if (linked) out.push({ id: other, ref: linked.ref, kind: linked.kind, relation, state: linked.state, counterpart: linked.counterpart, agreement: linked.agreement });
    else if (await findIntake(deps.db, other)) out.push({ id: other, ref: null, kind: 'intake', relation, state: null, counterpart: null, agreement: null });
  }
  return out;
}

/** One message of the timeline, either direction. */
type TimelineEntry = ReturnType<typeof inboxView> | ReturnType<typeof outboxView>;

/**
 * The handover record: the host's completion and the home side's countersign, each envelope's
 * signature verified again against the directory. `cosigned` only when both verify and the
 * countersign names the completion.
 */
async function handoverSignatures(deps: AppDeps, row: CaseRow, timeline: TimelineEntry[]) {
  const initiator = agencyOf(deps.agency, row, 'initiator');
  const completions = timeline.filter((m) => m.type === 'repatriation.handover.completed');
  const completion = completions.find((m) => m.from === initiator);
  const countersign = completions.find((m) => m.from !== initiator);
  if (!completion) return null;
  const directory = deps.directory();
  const verify = async (m: TimelineEntry | undefined) => {
    if (!m) return null;
    const jws =
      m.direction === 'out'
        ? (await deps.db.selectFrom('outbox').select('jws').where('id', '=', m.id).executeTakeFirst())?.jws
        : (await deps.db.selectFrom('case_envelopes').select('jws').where('message_id', '=', m.id).executeTakeFirst())?.jws;
    if (!jws) return { message: m.id, by: m.from, verified: false };
    const r = await verifyOnly(jws, { directory, at: new Date(m.created) });
    return { message: m.id, by: m.from, verified: r.ok && r.message.payload.from === m.from && r.message.payload.id === m.id };
  };
  const signatures = [await verify(completion), await verify(countersign)];
  const names = (countersign?.body as { countersigns?: unknown } | undefined)?.countersigns;
  const matches = typeof names === 'string' ? names === completion.id : (names as { id?: string } | undefined)?.id === completion.id;
  return {
    completion: completion.id,
    countersign: countersign?.id ?? null,
    signatures: signatures.filter((s) => s !== null),
    cosigned: Boolean(signatures[0]?.verified && signatures[1]?.verified && matches),
  };
}
