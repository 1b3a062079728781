import type { Directory } from '@mou-hub/protocol';
import type { Kysely } from 'kysely';
import { countsReturns, placeOf } from '@mou-hub/workflows';
import { caseClocks, type CaseMessage } from '../domain/case-clocks.ts';
import { returnCells } from '../domain/returns-live.ts';
import { refusedMessages } from '../domain/refusals.ts';
import { answersFor, recipientsOf, threadMessages } from '../store/envelopes.ts';
import { saveCase, saveLiveReturns } from '../store/cases.ts';
import type { AuditDb } from '../store/schema.ts';

const parseStats = (s: string | null): Record<string, number> | undefined => (s ? (JSON.parse(s) as Record<string, number>) : undefined);

/**
 * The home side of a case: its focal point and, when the opener counts a consular party
 * (`consular` in its `stats`) and went to two agencies, the one of them the directory lists as
 * an embassy (the node admits no other as a consular party). The audit tells them apart
 * without a body.
 */
async function homeParties(db: Kysely<AuditDb>, opener: { id: string; to_agency: string | null; stats: string | null }, directory: Directory) {
  const named = (parseStats(opener.stats)?.['consular'] ?? 0) > 0;
  if (!named) return { focalPoint: opener.to_agency!, consular: undefined };
  const recipients = [...new Set((await recipientsOf(db, opener.id)).filter((r): r is string => r !== null))];
  const consular = recipients.find((r) => directory.agency(r)?.roles.includes('embassy') === true && recipients.length > 1);
  return { focalPoint: recipients.find((r) => r !== consular) ?? opener.to_agency!, consular };
}

/**
 * Recomputes one case from the metadata of its thread with the shared machines, and writes
 * its state, clocks, turnaround cells and live returns. Messages the recipient refused (its
 * `problem` came back before any receipt of its own) are not part of the case; a refused opener
 * makes the case `rejected`. Anyone else's problem changes nothing.
 *
 * @example
 * await db.transaction().execute((trx) => refreshCase(trx, thid, directory, new Date()));
 */
export async function refreshCase(db: Kysely<AuditDb>, thid: string, directory: Directory, now: Date): Promise<void> {
  const thread = await threadMessages(db, thid);
  const opener = thread.find((m) => m.id === thid);
  if (!opener || !opener.from_agency || !opener.to_agency || !opener.created || !opener.agreement) return;
  // A request naming the home side's consular party (issue 16) went to two agencies with one id.
  const home = await homeParties(db, opener, directory);
  const answers = await answersFor(db, thread.map((m) => m.id));
  // With a consular party a step is refused only by the other side's focal point, to which its
  // sender addressed it (a copy's refusal leaves the case as the sender's node keeps it).
  const mainTo = (from: string | null) => (from === opener.from_agency ? home.focalPoint : opener.from_agency);
  const refused = refusedMessages(home.consular ? thread.map((m) => ({ ...m, to_agency: mainTo(m.from_agency) })) : thread, answers);
  const receipt = answers.find((a) => a.type === 'receipt' && a.for_id === opener.id && a.from_agency === home.focalPoint);
  const messages: CaseMessage[] = thread
    .filter((m) => !refused.has(m.id) && m.created && m.from_agency)
    .map((m) => ({ id: m.id, type: m.type, from: m.from_agency!, created: m.created!, stats: parseStats(m.stats), replyTo: m.reply_to ?? undefined }));
  const initiator = opener.from_agency;
  const responder = home.focalPoint;
  const agreement = directory.agreement(opener.agreement);
  const computed = refused.has(opener.id)
    ? { state: 'rejected', clocks: [] }
    : caseClocks(messages, {
        deadlines: agreement?.deadlines ?? [],
        translation: agreement?.translation,
        initiator,
        responder,
        consular: home.consular,
        places: {
          initiator: placeOf(initiator, directory.agency(initiator)),
          responder: placeOf(responder, directory.agency(responder)),
          ...(home.consular ? { consular: placeOf(home.consular, directory.agency(home.consular)) } : {}),
        },
        now,
        receiptAt: receipt?.created ?? undefined,
      });
  const closed = messages.find((m) => m.type === 'case.closed');
  const last = messages.reduce((t, m) => (m.created > t ? m.created : t), opener.created);
  await saveCase(
    db,
    {
      thid,
      agreement: opener.agreement,
      opener_type: opener.type,
      ref: opener.ref,
      initiator,
      responder,
      opened_at: opener.created,
      state: computed.state,
      urgent: (parseStats(opener.stats)?.['urgent'] ?? 0) > 0 ? 1 : 0,
      last_at: last,
      closed_at: closed?.created ?? null,
    },
    computed.clocks,
    home.consular,
  );
  // Persons returned: the host's (initiator's) completion counts them, not the countersign.
  const completed = messages.filter((m) => countsReturns(m.type, m.stats ?? undefined) && m.from === initiator);
  await saveLiveReturns(
    db,
    thid,
    completed.flatMap((m) =>
      returnCells(m.stats ?? {}).map((c) => ({ ...c, year: Number(m.created.slice(0, 4)), agreement: opener.agreement!, age_band: null })),
    ),
  );
}
