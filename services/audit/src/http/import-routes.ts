import { sha256Digest, type Directory } from '@mou-hub/protocol';
import { HttpError, type KitVariables } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { parseReturnsCsv } from '../domain/returns-csv.ts';
import { importReturns } from '../store/returns.ts';
import type { AuditDb } from '../store/schema.ts';

/** An import of a million persons is far beyond any real file; 16 MiB bounds memory. */
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * POST /import/returns (`text/csv`): historical returned persons, one row per person, validated
 * row by row and imported all or nothing → 201 `{importId, rows}`; any bad row → 400
 * `invalid-csv` with every issue's line number, and nothing imported.
 *
 * @example
 * app.route('/api/v1', importRoutes({ db, directory: () => follower.current() }));
 */
export function importRoutes(deps: { db: Kysely<AuditDb>; directory: () => Directory; now?: () => Date }): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  app.post('/import/returns', bodyLimit({ maxSize: MAX_BYTES }), async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'text/csv') throw new HttpError(415, 'unsupported-media-type', 'send the file as text/csv');
    const text = await c.req.text();
    const now = deps.now?.() ?? new Date();
    const agreements = new Set(deps.directory().snapshot.agreements.map((a) => a.id));
    const parsed = parseReturnsCsv(text, { agreements, maxYear: now.getUTCFullYear() });
    if (!parsed.ok) {
      const first = parsed.issues[0]!;
      throw new HttpError(400, 'invalid-csv', `line ${first.line}: ${first.code}; nothing was imported`, { issues: parsed.issues });
    }
    const importId = await importReturns(deps.db, parsed.rows, { by: c.get('user').sub, fileHash: sha256Digest(text), at: now.toISOString() });
    return c.json({ importId, rows: parsed.rows.length }, 201);
  });
  return app;
}
