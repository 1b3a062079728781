import { HttpError, parseInput } from '@mou-hub/service-kit';
import type { Context } from 'hono';
import * as v from 'valibot';

/**
 * The request's JSON body parsed with `schema`, or a 400 `invalid-request` HttpError listing the
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
    throw new HttpError(400, 'invalid-request', 'the body is not JSON');
  }
  return parseInput(schema, json, 'body');
}
