import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { TimedLoop } from '../../shared/timed-loop.js';
import { nextDeadline } from './schedule.repository.js';

export interface SchedulerRunnerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The overdue pass (markOverdueChecks), run where the connection is: it answers how many it marked. */
  pass: (now: Date) => Promise<{ marked: number }>;
}

/**
 * Runs the overdue pass at the next deadline, and at least every `maxSleepMs`
 * (for changes made by another process). The state is all in the database, so a
 * restart simply starts with a pass that catches up.
 */
export class Scheduler {
  private readonly loop: TimedLoop;

  constructor(
    private readonly deps: SchedulerRunnerDeps,
    maxSleepMs = 30_000,
  ) {
    this.loop = new TimedLoop(
      () => this.pass(),
      async () => {
        const next = await nextDeadline(deps.db);
        return next ? new Date(next) : null;
      },
      () => deps.clock.now(),
      maxSleepMs,
      // A deadline still past after a pass belongs to a check another node (or a report) holds locked: it is
      // marked by that node, or by the next pass here, but not by spinning.
      100,
    );
  }

  start = () => this.loop.start();
  get active(): boolean {
    return this.loop.active;
  }
  /** Run a pass now (a check's schedule changed, or a test moved the clock). */
  wake = () => this.loop.wake();
  tick = () => this.loop.tick();
  stop = () => this.loop.stop();

  private async pass(): Promise<void> {
    const started = performance.now();
    try {
      const { marked } = await this.deps.pass(this.deps.clock.now());
      const ms = +(performance.now() - started).toFixed(2);
      if (marked) this.deps.logger.info({ marked, ms }, 'scheduler tick');
      else this.deps.logger.debug({ marked, ms }, 'scheduler tick');
    } catch (err) {
      this.deps.logger.error({ err }, 'scheduler tick failed; retrying at the next one');
    }
  }
}
