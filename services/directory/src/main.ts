import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '@mou-hub/service-kit';
import { startDirectoryService } from './service.ts';

// Usage: tsx services/directory/src/main.ts --config directory.json
//    or: DIRECTORY_CONFIG=directory.json tsx services/directory/src/main.ts
//    or: DIRECTORY_CONFIG_JSON='{"nats":…}' (the launcher passes it so no file holds the key)
const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } } });
const path = values.config ?? process.env['DIRECTORY_CONFIG'];
const text = process.env['DIRECTORY_CONFIG_JSON'] ?? (path ? readFileSync(path, 'utf8') : undefined);
if (!text) {
  console.error('directory: give --config <file>, DIRECTORY_CONFIG=<file> or DIRECTORY_CONFIG_JSON');
  process.exit(2);
}

const log = createLogger('directory');
try {
  const service = await startDirectoryService(JSON.parse(text), log);
  // The launcher reads this line to learn the URL.
  console.log(JSON.stringify({ ready: true, url: service.url, version: service.version }));
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  log.error({ err: error instanceof Error ? error.message : String(error) }, 'directory service failed to start');
  process.exit(1);
}
