import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { insertActivity } from '../activities/activities.repository.js';
import { type Alerting, raiseAlerts, type StatusChange } from '../alerts/alerts.raise.js';
import { loadAlertContext } from '../alerts/alerts.repository.js';
import { expectationAfter } from './schedule.expectations.js';
import { type Expectation, isActive, type Schedule } from './schedule.models.js';
import { findDueChecks, markOverdue, setExpectation } from './schedule.repository.js';

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  logger: Pick<Logger, 'error'>;
  alerting: Alerting;
  /** Told of each overdue mark once it is committed. */
  marked?: (mark: OverdueMark) => void;
  /** Runs each batch in turn with other users of the connection (see Turns). */
  exclusive?: <T>(batch: () => Promise<T>) => Promise<T>;
}

export interface OverdueMark {
  checkId: number;
  activityId: number;
  at: string;
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

/** The status change an overdue mark makes, as the outbox sees it. */
export const overdueChange = (checkId: number, activityId: number, at: string, expectedAt: string | null, now: string): StatusChange => ({
  checkId,
  activityId,
  messageId: null,
  status: 'overdue',
  at,
  subject: '',
  matchedRules: [],
  statusSource: null,
  reasons: [],
  text: '',
  expectedAt,
  now,
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
  const exclusive = deps.exclusive ?? ((batch) => batch());
  let marked = 0;
  for (;;) {
    const marks: OverdueMark[] = [];
    const found = await exclusive(() =>
      deps.db.transaction().execute(async (trx) => {
        // Locked until the batch commits; checks another node's scheduler (or a report) holds are skipped, not waited for.
        const due = await findDueChecks(trx, now, batchSize);
        if (due.length) await markBatch(deps, trx, due, now, marks);
        return due.length;
      }),
    );
    if (!found) return { marked };
    marked += marks.length;
    for (const mark of marks) deps.marked?.(mark);
    // Let SMTP and HTTP through between batches of a long catch-up.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function markBatch(deps: SchedulerDeps, trx: Db, due: Awaited<ReturnType<typeof findDueChecks>>, now: string, marks: OverdueMark[]) {
  for (const check of due) {
    let next: Expectation | null;
    try {
      next = nextAfterMiss(JSON.parse(check.schedule), check.due_at ?? check.deadline_at!, deps.alerting.timezone);
    } catch (err) {
      // A schedule that cannot say what comes next stops waiting rather than being retried forever.
      deps.logger.error({ err, checkId: check.id }, 'schedule has no next expectation; the check stops waiting');
      await setExpectation(trx, check.id, null);
      continue;
    }
    const before = await loadAlertContext(trx, check.id);
    if (before && (await markOverdue(trx, check.id, check.deadline_at!, next))) {
      const activityId = await insertActivity(trx, overdueActivity(check.id, check.deadline_at!, now));
      await raiseAlerts(trx, deps.alerting, before, overdueChange(check.id, activityId, check.deadline_at!, check.due_at, now));
      marks.push({ checkId: check.id, activityId, at: check.deadline_at! });
    }
  }
}
