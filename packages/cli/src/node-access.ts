import { existsSync, readFileSync } from 'node:fs';
import type { AgencyConfig } from '@mou-hub/agency';
import { connectBus, type Bus } from '@mou-hub/bus';
import { CliError, type CliIo } from './io.ts';

/**
 * The agency package, loaded when a command needs it: it is large, and commands that do not
 * touch a node (the key ceremony) should start at once.
 */
export const loadAgency = () => import('@mou-hub/agency');

/** A node's configuration file, read and checked, or a CliError that says what is wrong. */
export async function readNodeConfig(path: string): Promise<AgencyConfig> {
  if (!existsSync(path)) throw new CliError(`no node configuration at ${path}`);
  const { loadAgencyConfig } = await loadAgency();
  try {
    return loadAgencyConfig(path);
  } catch (err) {
    throw new CliError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** NATS credentials given on the command line instead of the node's own (the operator's user). */
export interface NatsLogin {
  natsUser?: string;
  /** A file holding the password (never the password itself on a command line: `ps` shows it). */
  natsPasswordFile?: string;
}

/**
 * Connects to the NATS servers of a node's configuration, as the node (its user and inbox
 * prefix) or as `login`'s user, giving up after `timeoutMs` instead of waiting forever as a
 * service would.
 */
export async function connectForNode(config: AgencyConfig, login: NatsLogin = {}, timeoutMs = 15_000): Promise<Bus> {
  const { servers, domain } = config.nats;
  const asNode = { user: config.nats.user, pass: config.nats.pass, inboxPrefix: config.nats.inboxPrefix };
  const pass = login.natsPasswordFile ? readFileSync(login.natsPasswordFile, 'utf8').trim() : undefined;
  const who = login.natsUser ? { user: login.natsUser, pass } : asNode;
  let timer: NodeJS.Timeout | undefined;
  const pending = connectBus({ servers, ...clean(who), ...(domain ? { domain } : {}), name: `mou-cli-${config.agency}` });
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Given up on: should it connect later after all, close it at once.
      void pending.then((bus) => bus.close(), () => undefined);
      reject(new CliError(`no NATS server answered at ${String(servers)} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([pending, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

const clean = (o: Record<string, string | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * Progress of long work as whole tens of percent, each printed once: readable in a terminal
 * and in a log file alike (no carriage returns).
 */
export function percentProgress(io: CliIo, label: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tens = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (tens <= shown) return;
    shown = tens;
    io.progress(`${label}: ${tens * 10}% (${done} of ${total})`);
  };
}
