/**
 * A background worker: runs `round` again and again until stopped, and rests `idleMs` after a
 * round that found nothing to do (or failed) unless `wake()` cuts the rest short. The outbox
 * relay and the attachment service share it.
 *
 * @example
 * const loop = new WorkLoop({ round: async () => (await sendDue()) > 0, onError: (err) => log.error({ err }) });
 * loop.start(); loop.wake(); await loop.stop();
 */
export class WorkLoop {
  private running = false;
  private wakeUp: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly opts: {
      /** One pass over the work; answers whether it found any (then the next pass starts at once). */
      round: () => Promise<boolean>;
      onError: (err: unknown) => void;
      /** How long to rest after an idle or failed round; 500 ms by default. */
      idleMs?: number;
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
      if (!busy && this.running) await this.rest(this.opts.idleMs ?? 500);
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
