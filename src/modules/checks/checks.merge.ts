import type { Db } from '../../db/database.js';
import { refreshCheckStatus } from '../activities/activities.repository.js';
import { putRoute } from '../comet/comet.repository.js';
import { identityOfKey } from '../comet/comet.discovery.models.js';
import { bumpChecksRevision, deleteCheckRow } from './checks.repository.js';

/**
 * Folds checks into one: their history (activities, and the Comet jobs those
 * point at) moves to the target, they are deleted, and a protected item a
 * discovered check stood for is routed to the target, so its next reports go
 * there instead of making a new check. Runs in the caller's transaction.
 */
export async function mergeChecksInto(trx: Db, targetId: number, sourceIds: number[], now: string): Promise<void> {
  for (const id of sourceIds) {
    const source = await trx.selectFrom('checks').select(['id', 'comet_key']).where('id', '=', id).executeTakeFirst();
    if (!source) continue;
    await trx.updateTable('activities').set({ check_id: targetId }).where('check_id', '=', id).execute();
    if (source.comet_key) {
      await trx.updateTable('comet_routes').set({ check_id: targetId }).where('check_id', '=', id).execute();
      await putRoute(trx, { key: source.comet_key, checkId: targetId, ...identityOfKey(source.comet_key), at: now });
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
  await trx.updateTable('checks').set({ comet_job_id: newestJob?.job_id ?? null, updated_at: now }).where('id', '=', targetId).execute();
  await bumpChecksRevision(trx);
}
