import { isProtocolType, uuidv7, validateBody } from '@mou-hub/protocol';
import { HttpError } from '@mou-hub/service-kit';
import { checkThreadStep } from '../domain/thread-rules.ts';
import { queueMessage } from '../store/outbox.ts';
import { threadFacts } from '../store/threads.ts';
import type { AppDeps } from './deps.ts';
import type { SendRequest } from './schemas.ts';

/**
 * Checks what an officer asks to send the way the recipient will (body schema, agreement,
 * recipient key, thread state), then commits it to the outbox in one transaction.
 * Nothing is queued when a check fails.
 */
export async function sendMessage(deps: AppDeps, req: SendRequest): Promise<{ id: string; status: 'queued' }> {
  if (isProtocolType(req.type)) throw new HttpError(400, 'invalid-request', 'receipts and problems are sent by the node itself');
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
  await deps.db.transaction().execute(async (trx) => {
    const misfit = checkThreadStep(await threadFacts(trx, thid), { id, thid, type: req.type });
    if (misfit) throw new HttpError(409, 'invalid-state', misfit.detail);
    await queueMessage(trx, {
      id,
      to: req.to,
      agreement: req.agreement,
      type: req.type,
      thid,
      replyTo: req.replyTo,
      lang: req.lang,
      body: body.body,
      stats: req.stats,
      expires: req.expires,
      created: now.toISOString(),
    }, deps.atRest);
  });
  deps.wakeRelay();
  return { id, status: 'queued' };
}
