import type { ValidationTargets } from 'hono';
import { validator as openapiValidator } from 'hono-openapi';
import type { GenericSchema } from 'valibot';
import { HttpError } from '@mou-hub/service-kit';

/**
 * Validates a request part with a valibot schema (documented in the OpenAPI output) and
 * answers 400 `invalid-request` with each field's path and message when it fails.
 */
export function validate<T extends GenericSchema, K extends keyof ValidationTargets>(target: K, schema: T) {
  return openapiValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.map((issue) => ({
        path: (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.'),
        message: issue.message,
      }));
      throw new HttpError(400, 'invalid-request', `the request ${String(target)} is not valid`, details);
    }
  });
}
