import type { Db } from '../../db/database.js';
import { refreshCheckStatus } from '../activities/activities.repository.js';
import { identityOfKey } from '../jobs/jobs.discovery.models.js';
import { putRoute } from '../jobs/jobs.repository.js';
import { bumpChecksRevision, deleteCheckRow } from './checks.repository.js';

/**
 * Folds checks into one: their history (activities, and the jobs those point
 * at) moves to the target, they are deleted, and a job a discovered check
 * stood for is routed to the target, so its next reports go
 * there instead of making a new check. Runs in the caller's transaction.
 */
export async function mergeChecksInto(trx: Db, targetId: number, sourceIds: number[], now: string): Promise<void> {
  for (const id of sourceIds) {
    const source = await trx.selectFrom('checks').select(['id', 'job_key']).where('id', '=', id).executeTakeFirst();
    if (!source) continue;
    await trx.updateTable('activities').set({ check_id: targetId }).where('check_id', '=', id).execute();
    if (source.job_key) {
      await trx.updateTable('job_routes').set({ check_id: targetId }).where('check_id', '=', id).execute();
      await putRoute(trx, { key: source.job_key, checkId: targetId, ...identityOfKey(source.job_key), at: now });
    }
    await deleteCheckRow(trx, id);
  }
  await refreshCheckStatus(trx, targetId);
  const newestJob = await trx
    .selectFrom('activities')
    .select('job_id')
    .where('check_id', '=', targetId)
    .where('job_id', 'is not', null)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await trx.updateTable('checks').set({ last_job_id: newestJob?.job_id ?? null, updated_at: now }).where('id', '=', targetId).execute();
  await bumpChecksRevision(trx);
}
