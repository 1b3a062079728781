/** Thrown by {@link Slots.run} when the queue is full: the caller answers "busy", not "wrong". */
export class SlotsFullError extends Error {
  override readonly name = 'SlotsFullError';
  readonly code = 'busy';
}

/**
 * A small counting semaphore with a bounded queue: at most `size` tasks run at once, at most
 * `maxWaiting` wait; beyond that `run` refuses at once with {@link SlotsFullError}.
 * @example const slots = new Slots(2, 32); await slots.run(() => scryptAsync(...));
 */
export class Slots {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly size: number,
    readonly maxWaiting: number,
  ) {}

  /** Tasks running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.active, waiting: this.queue.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      if (this.queue.length >= this.maxWaiting) throw new SlotsFullError('too many tasks waiting');
      // The finishing task hands its slot over directly, so `active` never dips in between.
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
