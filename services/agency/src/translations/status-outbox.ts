import type { Transaction } from 'kysely';
import { uuidv7, type TranslationStatusBody } from '@mou-hub/protocol';
import type { AtRest } from '../platform/at-rest.ts';
import { queueMessage } from '../messages/outbox-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { holdsStatus, mergeStatus, STATUS_HOLD_MS, translationStats, type translationStatusMessage } from './rules/status-message.ts';

type StatusMessage = ReturnType<typeof translationStatusMessage>;

/**
 * Queues a job's `translation.status` in the change's transaction. A job's first status goes at
 * once; a later one is held `STATUS_HOLD_MS`, and a change that comes while the job's previous
 * status is still held (not yet sealed) is folded into that message instead of making a new
 * one: its body becomes the later status with the held one in `earlier`, its `created` the
 * later change's time. The other side records every status, with the same times, either way.
 * Answers the id of the message that carries the change.
 * @example await queueTranslationStatus(trx, translationStatusMessage(jobFacts(job), {}), at, atRest);
 */
export async function queueTranslationStatus(trx: Transaction<AgencyDatabase>, message: StatusMessage, at: string, atRest: AtRest): Promise<string> {
  if (!holdsStatus(message.body.status)) {
    const id = uuidv7();
    await queueMessage(trx, { id, created: at, ...message }, atRest);
    return id;
  }
  // Held rows of this thread to that agency: never sealed, never tried, and still waiting a
  // while from now by the clock (the relay reads a row once it is due, then seals it outside
  // any transaction: a row it may hold in hand is never changed).
  const waitingPast = new Date(Math.max(Date.now(), Date.parse(at)) + 250).toISOString();
  const held = await trx
    .selectFrom('outbox')
    .select(['id', 'body', 'created'])
    .where('thid', '=', message.thid)
    .where('type', '=', 'translation.status')
    .where('to_agency', '=', message.to)
    .where('status', '=', 'queued')
    .where('jws', 'is', null)
    .where('attempts', '=', 0)
    .where('next_attempt_at', '>', waitingPast)
    .execute();
  for (const row of held) {
    const merged = mergeStatus({ body: JSON.parse(atRest.open(row.body)) as TranslationStatusBody, created: row.created }, message.body);
    if (!merged) continue;
    // Guarded by `jws is null`: a row the relay sealed meanwhile keeps its bytes, and the change gets its own message.
    const updated = await trx
      .updateTable('outbox')
      .set({ body: atRest.seal(JSON.stringify(merged)), stats: JSON.stringify(translationStats(merged.status)), created: at, updated_at: at })
      .where('id', '=', row.id)
      .where('jws', 'is', null)
      .executeTakeFirst();
    if (updated.numUpdatedRows > 0n) return row.id;
  }
  const id = uuidv7();
  await queueMessage(trx, { id, created: at, notBefore: new Date(Date.parse(at) + STATUS_HOLD_MS).toISOString(), ...message }, atRest);
  return id;
}
