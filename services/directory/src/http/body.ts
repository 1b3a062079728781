import { fieldIssues } from '@mou-hub/protocol';
import { HttpError } from '@mou-hub/service-kit';
import type { Context } from 'hono';
import * as v from 'valibot';

/**
 * The request's JSON body parsed with `schema`, or a 400 `invalid` HttpError listing the
 * field problems (without the values).
 *
 * @example
 * const { username, password } = await readBody(c, LoginSchema);
 */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid', 'the body is not JSON');
  }
  const r = v.safeParse(schema, json);
  if (!r.success) throw new HttpError(400, 'invalid', 'the body does not fit', { issues: fieldIssues(r.issues) });
  return r.output;
}
