import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { lockingRows } from '../../db/dialect.js';
import type { Expectation } from './schedule.models.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const expectationColumns = (e: Expectation | null) => ({ due_at: iso(e?.dueAt), deadline_at: iso(e?.deadlineAt) });

/** Checks whose deadline has passed, oldest first; the index on deadline_at makes this cheap when none are. */
export async function findDueChecks(db: Db, now: string, limit: number) {
  return lockingRows(
    db,
    db.selectFrom('checks').select(['id', 'schedule', 'due_at', 'deadline_at']).where('deadline_at', '<=', now).where('paused', '=', 0).orderBy('deadline_at').limit(limit),
    { skipLocked: true },
  ).execute();
}

/** The earliest deadline of any check, for the scheduler's next wake-up. */
export async function nextDeadline(db: Db): Promise<string | null> {
  const row = await db.selectFrom('checks').select('deadline_at').where('deadline_at', 'is not', null).where('paused', '=', 0).orderBy('deadline_at').limit(1).executeTakeFirst();
  return row?.deadline_at ?? null;
}

/**
 * The overdue transition as a compare-and-set: it happens only if the check
 * still waits for the very deadline that was found due, so two schedulers (or a
 * report arriving at the same moment) can never both act on one expectation.
 */
export async function markOverdue(db: Db, id: number, missedDeadline: string, next: Expectation | null): Promise<boolean> {
  const result = await db
    .updateTable('checks')
    .set({
      status_since: sql<string>`case when status = 'overdue' then status_since else ${missedDeadline} end`,
      status: 'overdue',
      last_activity_at: sql<string>`case when last_activity_at is null or last_activity_at < ${missedDeadline} then ${missedDeadline} else last_activity_at end`,
      ...expectationColumns(next),
    })
    .where('id', '=', id)
    .where('deadline_at', '=', missedDeadline)
    .where('paused', '=', 0)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setExpectation(db: Db, id: number, e: Expectation | null): Promise<void> {
  await db.updateTable('checks').set(expectationColumns(e)).where('id', '=', id).execute();
}

/** Re-arms a check from a report only if that report is (still) the check's newest activity. */
export async function setExpectationIfNewest(db: Db, id: number, reportAt: string, e: Expectation | null): Promise<void> {
  await db.updateTable('checks').set(expectationColumns(e)).where('id', '=', id).where('last_activity_at', '=', reportAt).where('paused', '=', 0).execute();
}

/** When the last report (not an overdue mark) arrived. */
export async function lastReportAt(db: Db, checkId: number): Promise<Date | null> {
  const row = await db
    .selectFrom('activities')
    .select('received_at')
    .where('check_id', '=', checkId)
    .where('status', '!=', 'overdue')
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.received_at) : null;
}

/**
 * Overdue marks recorded for deadlines after a report had already arrived (the
 * report was still on its way to the disk when the deadline passed) were never
 * true; the report removes them.
 */
export async function deleteOverdueAfter(db: Db, checkId: number, at: string): Promise<number> {
  const result = await db
    .deleteFrom('activities')
    .where('check_id', '=', checkId)
    .where('status', '=', 'overdue')
    .where('received_at', '>', at)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
