/**
 * A background worker: runs `round` again and again until stopped, and rests `idleMs` after a
 * round that found nothing to do (or failed) unless `wake()` cuts the rest short. With
 * `nextDueAt`, an idle rest lasts until the next known due work instead, at least `idleMs` and
 * at most `maxIdleMs`: new work wakes the loop, so an idle node no longer looks twice a second
 * (six idle nodes spent about 2 % of a core each doing so in the bench). The outbox relay and
 * the attachment service share it.
 *
 * @example
 * const loop = new WorkLoop({ round: async () => (await sendDue()) > 0, onError: (err) => log.error({ err }) });
 * loop.start(); loop.wake(); await loop.stop();
 */
/**
 * The longest idle rest of the node's loops when they know of nothing due: what changes the
 * database without waking them (another process, such as the `mou` CLI) is seen within it.
 */
export const MAX_IDLE_MS = 2_000;

/** A stored ISO time as epoch ms for `nextDueAt` (undefined stays undefined). */
export function dueTime(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

export class WorkLoop {
  private running = false;
  private wakeUp: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly opts: {
      /** One pass over the work; answers whether it found any (then the next pass starts at once). */
      round: () => Promise<boolean>;
      onError: (err: unknown) => void;
      /** How long to rest after an idle or failed round; 500 ms by default (the shortest rest with `nextDueAt`). */
      idleMs?: number;
      /** When the next work known now falls due (epoch ms), or undefined for none. */
      nextDueAt?: () => Promise<number | undefined>;
      /** The longest idle rest with `nextDueAt`: the safety net for work that nothing wakes the loop for; `idleMs` by default. */
      maxIdleMs?: number;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Look for work now. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Lets the round in progress finish, then ends the loop. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  isRunning(): boolean {
    return this.running;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = await this.opts.round();
      } catch (err) {
        this.opts.onError(err);
      }
      if (!busy && this.running) await this.rest(await this.idleRest());
    }
  }

  /** How long to rest after a round that found nothing to do. */
  private async idleRest(): Promise<number> {
    const least = this.opts.idleMs ?? 500;
    if (!this.opts.nextDueAt) return least;
    const most = Math.max(least, this.opts.maxIdleMs ?? least);
    try {
      const due = await this.opts.nextDueAt();
      return due === undefined ? most : Math.min(most, Math.max(least, due - Date.now()));
    } catch (err) {
      this.opts.onError(err);
      return least;
    }
  }

  private rest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
