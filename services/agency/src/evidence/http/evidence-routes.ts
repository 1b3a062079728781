import { Hono, type Context } from 'hono';
import { MessageId } from '@mou-hub/protocol';
import { HttpError, requireAuth, requireSession, type KitVariables } from '@mou-hub/service-kit';
import * as v from 'valibot';
import { ACCESS } from '../../http/access.ts';
import type { AppDeps } from '../../http/deps.ts';
import { CaseRef } from '@mou-hub/protocol';

const CaseKey = v.union([MessageId, CaseRef]);

/** The bundle as a file to save, or the refusal. */
async function bundleResponse(deps: AppDeps, c: Context, caseKey: string, user: string): Promise<Response> {
  if (!deps.evidence) throw new HttpError(503, 'unavailable', 'the evidence log is not running');
  if (!v.is(CaseKey, caseKey)) throw new HttpError(404, 'not-found', 'no such case');
  const disclose = c.req.query('disclose') === '1' || c.req.query('disclose') === 'true';
  const r = await deps.evidence.exportCase(caseKey, disclose ? { discloseAs: user } : {});
  if (!r.ok) throw new HttpError(404, 'not-found', r.reason);
  const name = `${r.bundle.case.reference ?? r.bundle.case.thid}.evidence.json`;
  return new Response(`${JSON.stringify(r.bundle, null, 1)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}

/**
 * A case's evidence bundle (issue 19), for supervisors: `GET /api/v1/cases/:id/evidence` (bearer)
 * and `GET /cases/:id/evidence` (the console's button, session cookie); `?disclose=1` adds the
 * bodies this agency received, decrypted, each read in the access log. `:id` is the case id or
 * its reference. Verify the file with `mou evidence verify FILE --root ROOT.jwk`.
 */
export function evidenceRoutes(deps: AppDeps) {
  const api = new Hono<{ Variables: KitVariables }>();
  api.get('/:id/evidence', requireAuth(deps.tokens, ACCESS.evidenceExport), (c) => bundleResponse(deps, c, c.req.param('id'), c.get('user').sub));
  const console = new Hono<{ Variables: KitVariables }>();
  console.get('/:id/evidence', requireSession(deps.tokens, ACCESS.evidenceExport), (c) => bundleResponse(deps, c, c.req.param('id'), c.get('user').sub));
  return { api, console };
}
