import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const FALLBACK = '/usr/sbin/nats-server';

/** Path of the `nats-server` binary: the first on PATH, else /usr/sbin/nats-server. */
export function natsServerBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return FALLBACK;
}
