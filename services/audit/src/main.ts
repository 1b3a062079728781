import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '@mou-hub/service-kit';
import { startAuditService } from './service.ts';

// Usage: tsx services/audit/src/main.ts --config audit.json
//    or: AUDIT_CONFIG=audit.json tsx services/audit/src/main.ts
//    or: AUDIT_CONFIG_JSON='{"nats":…}' (no file holds the secrets)
const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' }, log: { type: 'string' } } });
const path = values.config ?? process.env['AUDIT_CONFIG'];
const text = process.env['AUDIT_CONFIG_JSON'] ?? (path ? readFileSync(path, 'utf8') : undefined);
if (!text) {
  console.error('audit: give --config <file>, AUDIT_CONFIG=<file> or AUDIT_CONFIG_JSON');
  process.exit(2);
}

const log = createLogger('audit', {}, values.log);
try {
  const service = await startAuditService(JSON.parse(text), log);
  console.log(JSON.stringify({ ready: true, url: service.url }));
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  log.error({ err: error instanceof Error ? error.message : String(error) }, 'audit service failed to start');
  process.exit(1);
}
