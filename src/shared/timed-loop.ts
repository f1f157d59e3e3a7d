/**
 * A background pass that runs when woken, or by itself at the next time it has
 * work (and at least every `maxSleepMs`, for work another process added). Wakes
 * during a pass coalesce into one more pass after it.
 */
export class TimedLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<void>,
    /** When there is next work to do, or null for none known. */
    private readonly nextAt: () => Promise<Date | null>,
    private readonly now: () => Date,
    private readonly maxSleepMs: number,
    /** The shortest sleep between passes, when work is already due after a pass (another process holds it). */
    private readonly minSleepMs = 0,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.tick();
  }

  /** One pass now (or the one under way, plus one more). */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        void this.sleep();
      }
    });
    return this.running;
  }

  /** Started and not stopped. */
  get active(): boolean {
    return !this.stopped;
  }

  /** The pass under way, if any. */
  get current(): Promise<void> | null {
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async sleep(): Promise<void> {
    if (this.stopped) return;
    let wait = this.maxSleepMs;
    try {
      const next = await this.nextAt();
      if (next) wait = Math.min(wait, Math.max(this.minSleepMs, next.getTime() - this.now().getTime()));
    } catch {
      // the database is closing or unavailable: the longest sleep, then try again
    }
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    // A timer may fire a little early; a pass before the work is due finds nothing and sleeps again.
    this.timer = setTimeout(() => this.wake(), wait + 5);
    this.timer.unref();
  }
}
