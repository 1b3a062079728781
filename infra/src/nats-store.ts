import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_ACCOUNT } from './nats-accounts.ts';

/**
 * Moves a stopped single server's JetStream data from the global account (`$G`, where every
 * stream lived before the per-sender accounts) to HUB, where the generated configuration puts
 * every user: MOU_V1, the directory KV and the attachment streams keep their messages, their
 * sequence numbers and their consumers' positions. Returns true if it moved anything; does
 * nothing if HUB has data already or `$G` has none. Run it only while the server is stopped.
 * A cluster keeps its streams' account in its meta layer as well, so renaming folders does not
 * move them there (see docs/operations.md).
 *
 * @example
 * if (moveStreamsToHubAccount(join(dataDir, 'nats'))) say('streams moved to account HUB');
 */
export function moveStreamsToHubAccount(storeDir: string): boolean {
  const from = join(storeDir, 'jetstream', '$G');
  const to = join(storeDir, 'jetstream', HUB_ACCOUNT);
  if (!existsSync(from) || existsSync(to)) return false;
  renameSync(from, to);
  return true;
}
