import type { Kysely } from 'kysely';
import type { Logger } from '@mou-hub/service-kit';
import { refreshStaleCells } from '../store/cases.ts';
import type { AuditDb } from '../store/schema.ts';

/**
 * Recomputes the stale turnaround cells every `intervalMs` (one transaction each time, none
 * while nothing is stale): under load a cell is sorted once for all the clocks of that second,
 * not once per clock, and a report finds few cells left to refresh. `stop` waits for a round
 * in progress, so the database can be closed after it.
 *
 * @example
 * const refresher = startCellRefresh(db, log); … await refresher.stop();
 */
export function startCellRefresh(db: Kysely<AuditDb>, log: Logger, intervalMs = 1_000): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = async () => {
    try {
      await refreshStaleCells(db);
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'turnaround cells not refreshed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().then(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
