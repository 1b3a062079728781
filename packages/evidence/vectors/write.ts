// Writes the frozen vectors once: `pnpm tsx packages/evidence/vectors/write.ts`. Rerun only for a new log or push version
// (a file already written is left as it is: the test compares the code with it).
import { existsSync, writeFileSync } from 'node:fs';
import { buildPushVectors, buildVectors } from '../src/vectors.ts';

const write = (name: string, value: object) => {
  const file = new URL(`./${name}`, import.meta.url);
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};
write('evidence-log-v1.json', await buildVectors());
write('peer-push-v2.json', buildPushVectors());
