import type { Db } from '../../db/database.js';
import { applyActivityToCheck, insertActivity, type NewActivity } from './activities.repository.js';

/** Adds an activity to a check's history and moves the check's status with it. Runs inside the caller's transaction. */
export async function recordActivity(trx: Db, activity: NewActivity): Promise<number> {
  const id = await insertActivity(trx, activity);
  await applyActivityToCheck(trx, activity.checkId, activity.status, activity.receivedAt);
  return id;
}
