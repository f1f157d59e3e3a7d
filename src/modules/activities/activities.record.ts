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
  if (await deleteOverdueAfter(trx, activity.checkId, activity.receivedAt)) await refreshCheckStatus(trx, activity.checkId);
  await applyActivityToCheck(trx, activity.checkId, activity.status, activity.receivedAt, expectationColumns(next));
  return id;
}
