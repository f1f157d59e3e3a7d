import { Cron } from 'croner';
import type { CronSchedule } from './schedule.models.js';

const compiled = new Map<string, Cron>();

/** Croner patterns are compiled once per pattern and zone; the scheduler asks for thousands per tick. */
function cronFor(pattern: string, timezone: string): Cron {
  const key = `${timezone} ${pattern}`;
  let cron = compiled.get(key);
  if (!cron) {
    if (compiled.size >= 1000) compiled.delete(compiled.keys().next().value!);
    cron = new Cron(pattern, { timezone, paused: true });
    compiled.set(key, cron);
  }
  return cron;
}

/** The first scheduled run strictly after `after`, in the schedule's zone. */
export function cronExpectation(s: CronSchedule, after: Date, defaultZone: string): Date {
  const next = cronFor(s.cron, s.timezone ?? defaultZone).nextRun(after);
  if (!next) throw new Error(`cron pattern ${s.cron} has no run after ${after.toISOString()}`);
  return next;
}

/** Why a pattern is refused, or null. */
export function cronProblem(pattern: string, timezone = 'UTC'): string | null {
  try {
    const cron = new Cron(pattern, { timezone, paused: true });
    return cron.nextRun() ? null : 'the pattern never runs';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
