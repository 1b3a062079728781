import type { ValidationTargets } from 'hono';
import { validator as openapiValidator } from 'hono-openapi';
import type { GenericSchema } from 'valibot';
import { HttpError, fieldIssuesOf } from '@mou-hub/service-kit';

/**
 * Validates a request part with a valibot schema (documented in the OpenAPI output) and
 * answers 400 `invalid-request` with `details: {issues}` (each field's path and issue kind) when it fails:
 * the same answer as every service's `parseInput`.
 */
export function validate<T extends GenericSchema, K extends keyof ValidationTargets>(target: K, schema: T) {
  return openapiValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = fieldIssuesOf(result.error as Parameters<typeof fieldIssuesOf>[0]);
      throw new HttpError(400, 'invalid-request', `the request ${String(target)} is not valid`, { issues });
    }
  });
}
