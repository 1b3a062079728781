import type { Kysely, Transaction } from 'kysely';
import { isProtocolType, uuidv7, type Directory, type TranslationStatusBody } from '@mou-hub/protocol';
import { otherSide } from '@mou-hub/workflows';
import { sideHere } from '../messages/thread-store.ts';
import { translationNeeded } from './rules/policy.ts';
import { statusesOf, translationStatusMessage } from './rules/status-message.ts';
import type { AtRest } from '../platform/at-rest.ts';
import { queueTranslationStatus } from './status-outbox.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { TranslationJobTable } from './translation-schema.ts';
import { openTranslationJob, recordTranslationChange } from './translation-store.ts';

/** What the inbox commit knows of a message it is committing. */
export interface CommittedMessage {
  id: string;
  type: string;
  from: string;
  agreement: string;
  thid: string;
  lang?: string | undefined;
  created: string;
}

/** The node's facts the translation hook needs. */
export interface TranslationHookContext {
  agency: string;
  directory: Directory;
  atRest: AtRest;
}

/**
 * Runs inside the inbox commit of a business message: a `translation.status` from the other
 * side updates its mirrored job; any other message in a language this agency does not work in
 * opens a job (`needed`) and queues its status to the sender. Returns true when it queued one.
 */
export async function trackTranslations(
  trx: Transaction<AgencyDatabase>,
  ctx: TranslationHookContext,
  m: CommittedMessage,
  body: unknown,
  now: Date,
): Promise<boolean> {
  if (isProtocolType(m.type)) return false;
  if (m.type === 'translation.status') {
    await mirrorStatus(trx, ctx, m, body as TranslationStatusBody);
    return false;
  }
  const need = m.lang ? translationNeeded(ctx.directory, ctx.agency, { agreement: m.agreement, lang: m.lang }) : undefined;
  if (!need) return false;
  const at = now.toISOString();
  const { job, created } = await openTranslationJob(
    trx,
    {
      id: uuidv7(),
      held_by: ctx.agency,
      side: await sideHere(trx, m.thid),
      thid: m.thid,
      agreement: m.agreement,
      counterpart: m.from,
      document_kind: 'message',
      document_id: m.id,
      source_lang: need.sourceLang,
      target_lang: need.targetLang,
      status: 'needed',
      origin: 'policy',
      translator: null,
      reviewer: null,
      due: null,
      created_at: at,
      updated_at: at,
    },
    null,
  );
  if (!created) return false;
  await queueTranslationStatus(trx, translationStatusMessage(jobFacts(job), {}), at, ctx.atRest);
  return true;
}

/**
 * The other side's job as this node keeps it: created on its first status, then followed. A
 * status about a message is followed only when this agency sent that message to the sender in
 * this case (the other side translates what it received); any other is kept in the inbox only.
 */
async function mirrorStatus(trx: Transaction<AgencyDatabase>, ctx: TranslationHookContext, m: CommittedMessage, body: TranslationStatusBody) {
  if (body.document.kind === 'message') {
    const sent = await trx
      .selectFrom('outbox')
      .select('id')
      .where('id', '=', body.document.id)
      .where('thid', '=', m.thid)
      .where('to_agency', '=', m.from)
      .executeTakeFirst();
    if (!sent) return;
  }
  const translator = body.translator?.name ?? null;
  const reviewer = body.reviewer?.name ?? null;
  // A message may stand for several statuses (the holder sends changes seconds apart as one):
  // each is recorded with its own time, so both sides list the same history.
  const [first, ...rest] = statusesOf(body, m.created);
  const opened = await openTranslationJob(
    trx,
    {
      id: uuidv7(),
      held_by: m.from,
      // The holder is the other side: the responder when this agency opened the case.
      side: otherSide(await sideHere(trx, m.thid)),
      thid: m.thid,
      agreement: m.agreement,
      counterpart: m.from,
      document_kind: body.document.kind,
      document_id: body.document.id,
      source_lang: body.sourceLang,
      target_lang: body.targetLang,
      status: first!.status,
      origin: 'counterpart',
      translator,
      reviewer,
      due: null,
      created_at: first!.at,
      updated_at: first!.at,
    },
    null,
  );
  // Times are the holder's (the envelope's `created`, and each earlier status's), so both sides list the same ones.
  for (const s of opened.created ? rest : [first!, ...rest]) {
    await recordTranslationChange(trx, opened.job.id, { status: s.status, translator, reviewer, at: s.at, actor: null }, ctx.atRest);
  }
}

/** A stored job as its status message describes it. */
export function jobFacts(job: Pick<TranslationJobTable, 'thid' | 'agreement' | 'counterpart' | 'document_kind' | 'document_id' | 'source_lang' | 'target_lang' | 'status'>) {
  return {
    thid: job.thid,
    agreement: job.agreement,
    counterpart: job.counterpart,
    documentKind: job.document_kind,
    documentId: job.document_id,
    sourceLang: job.source_lang,
    targetLang: job.target_lang,
    status: job.status,
  };
}
