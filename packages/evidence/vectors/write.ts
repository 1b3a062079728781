// Writes the frozen vectors once: `pnpm tsx packages/evidence/vectors/write.ts`. Rerun only for a new log version.
import { writeFileSync } from 'node:fs';
import { buildVectors } from '../src/vectors.ts';

writeFileSync(new URL('./evidence-log-v1.json', import.meta.url), `${JSON.stringify(await buildVectors(), null, 2)}\n`);
