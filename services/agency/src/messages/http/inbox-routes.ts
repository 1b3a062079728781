import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { recordAccess } from '../../access-log/access-store.ts';
import { listInbox } from '../inbox-store.ts';
import { listQuarantine } from '../quarantine-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { InboxPage, InboxQuery, QuarantinePage, QuarantineQuery } from './schemas.ts';
import { inboxView } from '../message-view.ts';
import { validate } from '../../http/validate.ts';

/** `GET /api/v1/inbox`: received business messages with their opened bodies. */
export function inboxRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>().get(
    '/',
    requireAuth(deps.tokens, ACCESS.cases),
    describeRoute({
      tags: ['messages'],
      summary: 'Messages received, newest first, with their opened bodies',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'A page of messages', content: { 'application/json': { schema: resolver(InboxPage) } } } },
    }),
    validate('query', InboxQuery),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listInbox(deps.db, { ...q, protocol: false });
      const at = new Date().toISOString();
      await recordAccess(deps.db, page.items.map((r) => ({ at, user: c.get('user').sub, case: r.thid, what: `message:${r.id}` })));
      deps.log.info(
        { user: c.get('user').sub, requestId: c.get('requestId'), messageIds: page.items.map((r) => r.id) },
        'case data viewed',
      );
      return c.json({ items: page.items.map((r) => inboxView(deps.agency, r, deps.atRest)), total: page.total, limit: q.limit, offset: q.offset });
    },
  );
}

/** `GET /api/v1/quarantine`: what failed a check, never its body. */
export function quarantineRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>().get(
    '/',
    requireAuth(deps.tokens, ACCESS.quarantine),
    describeRoute({
      tags: ['messages'],
      summary: 'Messages that failed a check, newest first, with their problem code',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'A page of quarantined messages', content: { 'application/json': { schema: resolver(QuarantinePage) } } } },
    }),
    validate('query', QuarantineQuery),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listQuarantine(deps.db, q);
      const items = page.items.map((r) => ({
        ...(r.message_id ? { id: r.message_id } : {}),
        ...(r.from_agency ? { from: r.from_agency } : {}),
        ...(r.kid ? { kid: r.kid } : {}),
        code: r.code,
        detail: r.detail,
        verified: r.verified === 1,
        receivedAt: r.received_at,
        size: r.size,
        envelopeHash: r.envelope_hash,
        truncated: r.truncated === 1,
      }));
      return c.json({ items, total: page.total, limit: q.limit, offset: q.offset });
    },
  );
}
