import type { Db } from '../../db/database.js';
import type { Expectation } from '../schedule/schedule.models.js';
import { deleteOverdueAfter, expectationColumns } from '../schedule/schedule.repository.js';
import { applyActivityToCheck, insertActivity, type NewActivity, refreshCheckStatus } from './activities.repository.js';

/**
 * Adds a report's activity to a check's history, moves the check's status with
 * it and, when the report is the check's newest, re-arms the check's schedule
 * with `next`. Runs inside the caller's transaction.
 */
export async function recordReport(trx: Db, activity: NewActivity, next: Expectation | null): Promise<number> {
  const id = await insertActivity(trx, activity);
  const apply = () => applyActivityToCheck(trx, activity.checkId, activity.status, activity.receivedAt, expectationColumns(next));
  if (await apply()) return id;
  // Something newer stands. If it is an overdue mark for a deadline this report had
  // arrived before (it was still on its way to the disk), the mark was never true.
  if (await deleteOverdueAfter(trx, activity.checkId, activity.receivedAt)) {
    await refreshCheckStatus(trx, activity.checkId);
    await apply();
  }
  return id;
}
