import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { AgencyId } from '@mou-hub/protocol';

/** `infra/federation.json`: the agencies the local federation runs. */
export const FederationFileSchema = v.object({
  http: v.strictObject({
    host: v.optional(v.string(), '127.0.0.1'),
    /** The directory listens here and agency i on basePort + 1 + i; 0 picks free ports. */
    basePort: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_000)),
  }),
  agencies: v.pipe(
    v.array(
      v.strictObject({
        id: AgencyId,
        /** Username of the agency's first officer. */
        officer: v.pipe(v.string(), v.regex(/^[a-z0-9._-]{2,64}$/)),
        roles: v.pipe(v.array(v.string()), v.minLength(1)),
      }),
    ),
    v.minLength(2),
    v.check((list) => new Set(list.map((a) => a.id)).size === list.length, 'an agency is listed twice'),
  ),
});
export type FederationFile = v.InferOutput<typeof FederationFileSchema>;

/** Reads and validates a federation file; a clear error names every bad field. */
export function loadFederationFile(path: string): FederationFile {
  const r = v.safeParse(FederationFileSchema, JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) {
    throw new Error(`${path}: ${r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ')}`);
  }
  return r.output;
}
