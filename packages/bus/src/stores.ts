import type { KV } from 'nats';
import { BusError } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { DIRECTORY_BUCKET } from './subjects.ts';

/** Options of {@link openKv}. */
export interface OpenKvOptions {
  /** Create the bucket if missing (needs stream-management permission); bind only otherwise. */
  create?: boolean;
  /** Values kept per key when creating; 1 by default. */
  history?: number;
  /** Replicas when creating; 1 by default. */
  replicas?: number;
}

/**
 * A KV bucket handle.
 *
 * @example
 * const kv = await openKv(bus, 'settings', { create: true, history: 5 });
 * await kv.put('a', 'b');
 */
export async function openKv(bus: Bus, bucket: string, opts: OpenKvOptions = {}): Promise<KV> {
  try {
    return await bus.js.views.kv(bucket, {
      bindOnly: !opts.create,
      ...(opts.history ? { history: opts.history } : {}),
      ...(opts.replicas ? { replicas: opts.replicas } : {}),
    });
  } catch (error) {
    throw new BusError('setup-failed', `cannot open KV ${bucket}: ${String(error)}`, { cause: error });
  }
}

/**
 * The signed directory's bucket `mou-directory` (key `current`); history 10 when created.
 *
 * @example
 * const entry = await (await directoryKv(bus)).get(DIRECTORY_KEY);
 */
export function directoryKv(bus: Bus, opts: { create?: boolean; replicas?: number } = {}): Promise<KV> {
  return openKv(bus, DIRECTORY_BUCKET, { ...opts, history: 10 });
}
