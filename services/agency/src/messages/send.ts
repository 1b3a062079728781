import { attachmentRefs, uuidv7, validateBody } from '@mou-hub/protocol';
import { HttpError } from '@mou-hub/service-kit';
import { attachmentReadiness } from '../attachments/attachment-store.ts';
import { queueMessage } from './outbox-store.ts';
import { sentByNode } from '../cases/rules/sent-by-node.ts';
import { groupCommitFor } from '@mou-hub/db';
import { planCaseStep, type CaseSendOptions } from '../cases/case-service.ts';
import type { AppDeps } from '../http/deps.ts';
import type { SendRequest } from './http/schemas.ts';
import type { Transaction } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';

/** A copy to a case's third party is checked as the message itself: agreement, key, attachments. */
async function checkCopy(trx: Transaction<AgencyDatabase>, deps: AppDeps, req: SendRequest, attachments: string[], now: Date): Promise<void> {
  const directory = deps.directory();
  const allowed = directory.maySend(req.agreement, deps.agency, req.to, req.type);
  if (!allowed.ok) throw new HttpError(400, 'agreement-violation', allowed.detail);
  if (!directory.encryptionKeyFor(req.to, now)) throw new HttpError(400, 'unknown-key', `${req.to} has no encryption key valid now`);
  const { unknown } = await attachmentReadiness(trx, req.to, attachments);
  if (unknown.length > 0) throw new HttpError(400, 'attachment-unknown', `upload each attachment to ${req.to} first`, { names: unknown });
}

/**
 * Checks what an officer asks to send the way the recipient will (body schema, agreement,
 * recipient key, the case's workflow), then commits it to the outbox and the case change in
 * one transaction. Nothing is queued when a check fails. `state`: the case's state after it.
 */
export async function sendMessage(
  deps: AppDeps,
  req: SendRequest,
  opts: CaseSendOptions = {},
): Promise<{ id: string; status: 'queued'; thid: string; state?: string | undefined }> {
  if (sentByNode(req.type)) throw new HttpError(400, 'sent-by-node', `${req.type} is sent by the node itself`, { type: req.type });
  const body = validateBody(req.type, req.body);
  if (!body.ok) throw new HttpError(400, 'schema-invalid', `the body is not a valid ${req.type}`, body.issues);

  if (req.to === deps.agency) throw new HttpError(400, 'invalid-request', `${deps.agency} cannot send to itself`);
  const now = new Date();
  const directory = deps.directory();
  const allowed = directory.maySend(req.agreement, deps.agency, req.to, req.type);
  if (!allowed.ok) throw new HttpError(400, 'agreement-violation', allowed.detail);
  if (!directory.encryptionKeyFor(req.to, now)) {
    throw new HttpError(400, 'unknown-key', `${req.to} has no encryption key valid now`);
  }
  if (req.expires && Date.parse(req.expires) <= now.getTime()) {
    throw new HttpError(400, 'expired', `expires ${req.expires} is already past`);
  }

  const id = uuidv7();
  const thid = req.thid ?? id;
  const created = now.toISOString();
  let state: string | undefined;
  // Shared with the other requests of the moment: one transaction, one fsync (group-commit.ts).
  await groupCommitFor(deps.db).commitSoon(async (trx) => {
    const step = { id, thid, type: req.type, from: deps.agency, to: req.to, agreement: req.agreement, body: body.body, created };
    const planned = await planCaseStep(trx, deps, step, opts);
    // After the case's own check (a step out of order is 409 whatever it carries): each
    // attachment must have been uploaded for this recipient; the relay then holds the message until its put is done.
    const { unknown } = await attachmentReadiness(trx, req.to, attachmentRefs(body.body).map((a) => a.name));
    if (unknown.length > 0) throw new HttpError(400, 'attachment-unknown', `upload each attachment to ${req.to} first`, { names: unknown });
    const message = {
      id,
      to: req.to,
      agreement: req.agreement,
      type: req.type,
      thid,
      replyTo: req.replyTo,
      lang: req.lang,
      body: body.body,
      stats: planned.stats(req.stats),
      expires: req.expires,
      ref: planned.ref,
      created,
    };
    await queueMessage(trx, message, deps.atRest);
    // A case of three parties (issue 16): the same message to each other party, by an envelope of its own.
    for (const to of planned.copies) {
      await checkCopy(trx, deps, { ...req, to }, attachmentRefs(body.body).map((a) => a.name), now);
      await queueMessage(trx, { ...message, id: `${id}.${to}`, to, copyOf: id }, deps.atRest);
    }
    state = await planned.commit();
  });
  deps.wakeRelay();
  return { id, status: 'queued', thid, ...(state ? { state } : {}) };
}
