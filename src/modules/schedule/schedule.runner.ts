import { nextDeadline } from './schedule.repository.js';
import { markOverdueChecks, type SchedulerDeps } from './schedule.usecases.js';

/**
 * Runs the overdue check at the next deadline, and at least every `maxSleepMs`
 * (for changes made by another process). The state is all in the database, so a
 * restart simply starts with a tick that catches up.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly maxSleepMs = 30_000,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Run a tick now (a check's schedule changed, or a test moved the clock). */
  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.tick();
  }

  /** One pass; overlapping calls coalesce into one more pass after the current one. */
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

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    const started = performance.now();
    try {
      const { marked } = await markOverdueChecks(this.deps);
      const ms = +(performance.now() - started).toFixed(2);
      if (marked) this.deps.logger.info({ marked, ms }, 'scheduler tick');
      else this.deps.logger.debug({ marked, ms }, 'scheduler tick');
    } catch (err) {
      this.deps.logger.error({ err }, 'scheduler tick failed; retrying at the next one');
    }
  }

  private async sleep(): Promise<void> {
    if (this.stopped) return;
    let wait = this.maxSleepMs;
    try {
      const next = await nextDeadline(this.deps.db);
      if (next) wait = Math.min(wait, Math.max(0, Date.parse(next) - this.deps.clock.now().getTime()));
    } catch {
      // the database is closing or unavailable: try again after the longest sleep
    }
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    // setTimeout fires a little early at times; a tick before the deadline finds nothing and sleeps again.
    this.timer = setTimeout(() => this.wake(), wait + 5);
    this.timer.unref();
  }
}
