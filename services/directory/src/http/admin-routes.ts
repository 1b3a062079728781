import { AgencyKeySchema, AgencySchema, AgreementSchema, Timestamp } from '@mou-hub/protocol';
import { HttpError, requireAuth, type KitVariables, type TokenIssuer } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import * as v from 'valibot';
import { DirectoryStateError, type DirectoryCore } from '../core.ts';
import type { DirectoryChange } from '../domain/index.ts';
import { PublishConflict } from '../publish.ts';
import { readBody } from './body.ts';

const NewAgency = v.strictObject({ ...AgencySchema.entries, keys: v.optional(v.array(AgencyKeySchema), []) });
const Revoke = v.strictObject({ at: v.optional(Timestamp) });
const AgreementPatch = v.partial(v.strictObject({ ...AgreementSchema.entries, id: v.optional(v.string()) }));

const STATUS = { invalid: 400, 'not-found': 404, conflict: 409 } as const;
// The domain says `invalid`; the HTTP edge answers every service's one code for it.
const EDGE_CODE = { invalid: 'invalid-request', 'not-found': 'not-found', conflict: 'conflict' } as const;

/**
 * The administrator's API: every call makes a new signed version, answered
 * `201 {version, hash, issued, summary}`; 409 when another administrator published first.
 *
 * @example
 * app.route('/api/v1', adminRoutes(core, tokens));
 */
export function adminRoutes(core: DirectoryCore, tokens: TokenIssuer): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  // Per route rather than `use('*')`: mounted under /api/v1, a wildcard would also guard login.
  const admin = requireAuth(tokens, ['administrator']);

  const commit = async (change: DirectoryChange, by: string) => {
    try {
      const r = await core.change(change, by);
      if (!r.ok) {
        const { code, message, issues } = r.problem;
        throw new HttpError(STATUS[code], EDGE_CODE[code], message, issues ? { issues } : undefined);
      }
      const { version, hash, issued, summary } = r.value;
      return { version, hash, issued, summary };
    } catch (error) {
      if (error instanceof PublishConflict) {
        throw new HttpError(409, 'conflict', 'the directory changed while this change was made; reload it and try again');
      }
      if (error instanceof DirectoryStateError) throw new HttpError(503, 'directory-unavailable', error.message);
      throw error;
    }
  };

  app.post('/agencies', admin, async (c) => {
    const agency = await readBody(c, NewAgency);
    return c.json(await commit({ kind: 'add-agency', agency }, c.get('user').sub), 201);
  });

  app.post('/agencies/:id/keys', admin, async (c) => {
    const key = await readBody(c, AgencyKeySchema);
    return c.json(await commit({ kind: 'add-key', agencyId: c.req.param('id'), key }, c.get('user').sub), 201);
  });

  app.post('/agencies/:id/keys/:kid/revoke', admin, async (c) => {
    const { at } = await readBody(c, Revoke);
    const change = { kind: 'revoke-key', agencyId: c.req.param('id'), kid: c.req.param('kid'), at: at ?? new Date().toISOString() } as const;
    return c.json(await commit(change, c.get('user').sub), 201);
  });

  app.put('/agreements/:id', admin, async (c) => {
    const id = c.req.param('id');
    const { id: bodyId, ...patch } = await readBody(c, AgreementPatch);
    if (bodyId !== undefined && bodyId !== id) throw new HttpError(400, 'invalid-request', `body id ${bodyId} differs from the path's ${id}`);
    return c.json(await commit({ kind: 'put-agreement', id, patch }, c.get('user').sub), 200);
  });

  return app;
}
