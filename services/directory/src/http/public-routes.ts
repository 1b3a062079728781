import { Hono } from 'hono';
import type { DirectoryCore } from '../core.ts';
import type { VersionRow, VersionStore } from '../store/index.ts';

/** Options of {@link publicRoutes}. */
export interface PublicRoutesOptions {
  core: DirectoryCore;
  store: VersionStore;
  cacheMaxAgeSeconds: number;
}

const etagOf = (hash: string) => `"${hash}"`;

// `If-None-Match` may list several tags, weak or not, or `*`.
const matches = (header: string | undefined, etag: string): boolean =>
  !!header && header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');

/**
 * GET /directory (the signed snapshot, cacheable, 304 on a matching `If-None-Match`),
 * GET /directory/versions, GET /directory/versions/:version (probes and figures: ops.ts).
 *
 * @example
 * app.route('/', publicRoutes({ core, store, cacheMaxAgeSeconds: 30 }));
 */
export function publicRoutes(opts: PublicRoutesOptions): Hono {
  const app = new Hono();

  app.get('/directory', async (c) => {
    const row = await opts.core.latest();
    const etag = etagOf(row.hash);
    c.header('ETag', etag);
    c.header('Cache-Control', `public, max-age=${opts.cacheMaxAgeSeconds}, must-revalidate`);
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.json(versionBody(row));
  });

  app.get('/directory/versions', async (c) => {
    const rows = await opts.store.list();
    return c.json({ versions: rows.map(({ changed_by, ...r }) => ({ ...r, changedBy: changed_by })) });
  });

  app.get('/directory/versions/:version{[0-9]+}', async (c) => {
    const row = await opts.store.get(Number(c.req.param('version')));
    if (!row) return c.json({ error: { code: 'not-found', message: `no version ${c.req.param('version')}` } }, 404);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.json(versionBody(row));
  });

  return app;
}

// The JWS was verified when it was recorded; its payload is the snapshot's JSON.
function versionBody(row: VersionRow) {
  const snapshot: unknown = JSON.parse(Buffer.from(row.jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return { version: row.version, hash: row.hash, issued: row.issued, snapshot, jws: row.jws };
}
