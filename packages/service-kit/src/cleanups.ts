import { errorForLog, type Logger } from './log.ts';

/** What a service must undo when it stops, newest first. */
export interface Cleanups {
  /** Adds a step, run before those added earlier. */
  add(step: () => Promise<unknown>): void;
  /** Runs every step once, newest first; a step that fails is logged and the rest still run. */
  closeAll(): Promise<void>;
}

/**
 * A stack of shutdown steps for a service that opens things one after another (database, NATS,
 * consumers, HTTP): on a failed start and on `close()` they are undone in reverse order.
 *
 * @example
 * const cleanups = createCleanups(log);
 * cleanups.add(() => database.close());
 * cleanups.add(() => bus.close());
 * return { close: () => cleanups.closeAll() };
 */
export function createCleanups(log: Logger): Cleanups {
  const steps: (() => Promise<unknown>)[] = [];
  return {
    add: (step) => void steps.push(step),
    async closeAll() {
      for (const step of steps.splice(0).reverse()) await step().catch((err: unknown) => log.warn({ err: errorForLog(err) }, 'close failed'));
    },
  };
}
