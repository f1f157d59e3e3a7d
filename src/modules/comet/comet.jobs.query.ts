import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CometJobRow } from '../../db/schema.js';
import { likePattern } from '../../shared/pagination.js';
import type { CometLogLine } from './comet.models.js';
import { jobOfRow } from './comet.repository.js';

export interface JobFilter {
  username?: string;
  device?: string;
  protectedItem?: string;
  vault?: string;
  status?: string;
  type?: string;
  checkId?: number;
  from?: string;
  to?: string;
  q?: string;
}

/** A job as the API shows it. */
export function presentJob(row: CometJobRow, checkIds: number[], log?: CometLogLine[]) {
  const { log: _, ...job } = jobOfRow(row);
  return {
    id: row.id,
    source: row.source as 'email' | 'webhook' | 'email+webhook',
    messageId: row.message_id,
    checkIds,
    ...job,
    cometStatus: job.status,
    namesKnown: row.names_known === 1,
    ...(log ? { log } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Jobs, newest recorded first (by id), with the checks their activities went to. */
export async function listJobs(db: Db, f: JobFilter, limit: number, beforeId?: number) {
  let q = db.selectFrom('comet_jobs').selectAll('comet_jobs');
  for (const [key, column] of [
    ['username', 'username'],
    ['device', 'device'],
    ['protectedItem', 'protected_item'],
    ['vault', 'vault'],
    ['status', 'comet_status'],
    ['type', 'job_type'],
  ] as const) {
    const value = f[key];
    if (value !== undefined) q = q.where(column, '=', value);
  }
  if (f.checkId !== undefined) {
    const checkId = f.checkId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('activities').select('id').whereRef('activities.job_id', '=', 'comet_jobs.id').where('check_id', '=', checkId)));
  }
  if (f.from) q = q.where('started_at', '>=', f.from);
  if (f.to) q = q.where('started_at', '<', f.to);
  if (f.q) {
    const pattern = likePattern(f.q);
    q = q.where((eb) => eb.or(['username', 'device', 'protected_item', 'vault'].map((col) => eb(sql`lower(${sql.ref(col)})`, 'like', sql`${pattern} escape '\\'`))));
  }
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return { rows, checks: await checksOfJobs(db, rows.map((r) => r.id)) };
}

export async function checksOfJobs(db: Db, jobIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(jobIds.map((id) => [id, []]));
  if (!jobIds.length) return map;
  const rows = await db.selectFrom('activities').select(['job_id', 'check_id']).distinct().where('job_id', 'in', jobIds).execute();
  for (const r of rows) map.get(r.job_id!)?.push(r.check_id);
  return map;
}

/** A check's backup jobs, oldest first: the trend series of its total size, files, uploads and duration. */
export async function trendOfCheck(db: Db, checkId: number, limit: number) {
  const rows = await db
    .selectFrom('comet_jobs')
    .innerJoin('activities', 'activities.job_id', 'comet_jobs.id')
    .select([
      'comet_jobs.id',
      'comet_jobs.started_at',
      'comet_jobs.comet_status',
      'comet_jobs.total_size',
      'comet_jobs.files',
      'comet_jobs.uploaded',
      'comet_jobs.duration_seconds',
      'activities.status',
      'activities.received_at',
    ])
    .where('activities.check_id', '=', checkId)
    .where('comet_jobs.job_type', '=', 'Backup')
    .orderBy('activities.received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({
    jobId: r.id,
    startedAt: r.started_at,
    receivedAt: r.received_at,
    cometStatus: r.comet_status,
    status: r.status,
    totalSize: r.total_size,
    files: r.files,
    uploaded: r.uploaded,
    durationSeconds: r.duration_seconds,
  }));
}
