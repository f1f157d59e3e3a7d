import type { Db } from '../../db/database.js';
import type { ReportJob, StoredJob } from '../formats/formats.models.js';
import { insertJob, jobColumns, type StoredLog } from './jobs.repository.js';

/** A job told by one input only, stored as a new job. */
export async function insertReportJob(
  trx: Db,
  format: string,
  job: ReportJob,
  key: string | null,
  r: { source: string; messageId: number | null; at: string; log: StoredLog },
): Promise<StoredJob> {
  const row = Object.assign(jobColumns(format, job, key), { source: r.source, message_id: r.messageId, created_at: r.at, updated_at: r.at });
  const id = await insertJob(trx, row, r.log);
  return { id, job, activities: new Map(), checksChanged: false };
}
