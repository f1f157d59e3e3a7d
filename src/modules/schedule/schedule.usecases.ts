import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { insertActivity } from '../activities/activities.repository.js';
import { expectationAfter } from './schedule.expectations.js';
import { type Expectation, isActive, type Schedule } from './schedule.models.js';
import { findDueChecks, markOverdue, setExpectation } from './schedule.repository.js';

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The zone for schedules that name none. */
  timezone: string;
}

export const overdueActivity = (checkId: number, at: string, createdAt: string) => ({
  checkId,
  messageId: null,
  status: 'overdue' as const,
  receivedAt: at,
  subject: '',
  evaluation: null,
  createdAt,
});

function nextAfterMiss(schedule: Schedule, missedDue: string, zone: string): Expectation | null {
  return isActive(schedule) ? expectationAfter(schedule, new Date(missedDue), zone) : null;
}

/**
 * Marks every check whose deadline has passed as overdue: one overdue activity
 * per missed expectation, stamped with the deadline it missed, then the next
 * expectation. Repeats until nothing is due, so after a downtime every missed
 * expectation is caught up at once.
 */
export async function markOverdueChecks(deps: SchedulerDeps, batchSize = 500): Promise<{ marked: number }> {
  const now = deps.clock.now().toISOString();
  let marked = 0;
  for (;;) {
    const due = await findDueChecks(deps.db, now, batchSize);
    if (!due.length) return { marked };
    await deps.db.transaction().execute(async (trx) => {
      for (const check of due) {
        let next: Expectation | null;
        try {
          next = nextAfterMiss(JSON.parse(check.schedule), check.due_at ?? check.deadline_at!, deps.timezone);
        } catch (err) {
          // A schedule that cannot say what comes next stops waiting rather than being retried forever.
          deps.logger.error({ err, checkId: check.id }, 'schedule has no next expectation; the check stops waiting');
          await setExpectation(trx, check.id, null);
          continue;
        }
        if (await markOverdue(trx, check.id, check.deadline_at!, next)) {
          await insertActivity(trx, overdueActivity(check.id, check.deadline_at!, now));
          marked++;
        }
      }
    });
    // Let SMTP and HTTP through between batches of a long catch-up.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
