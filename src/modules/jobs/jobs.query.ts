import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { JobRow } from '../../db/schema.js';
import { likePattern } from '../../shared/pagination.js';
import type { JobLogLine } from '../formats/formats.models.js';
import type { Scope } from '../../shared/scope.js';
import { checkWithin, scoped } from '../../db/scope.js';
import { jobInScope } from './jobs.repository.js';

export interface JobFilter {
  format?: string;
  tenant?: string;
  username?: string;
  device?: string;
  item?: string;
  protectedItem?: string;
  vault?: string;
  status?: string;
  jobStatus?: string;
  type?: string;
  checkId?: number;
  messageId?: number;
  from?: string;
  to?: string;
  q?: string;
}

/** A job as the API shows it: the generic fields, and (for clients written for Comet) Comet's names for them. */
export function presentJob(row: JobRow, checkIds: number[], log?: JobLogLine[]) {
  return {
    id: row.id,
    source: row.source as 'email' | 'webhook' | 'email+webhook',
    messageId: row.message_id,
    checkIds,
    format: row.format,
    product: row.product,
    tenant: row.tenant,
    device: row.device,
    item: row.item,
    type: row.job_type,
    jobStatus: row.job_status as 'success' | 'warning' | 'failure' | 'unknown' | null,
    status: row.native_status,
    statusText: row.status_text,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    durationSeconds: row.duration_seconds,
    sizeBytes: row.size_bytes,
    transferredBytes: row.transferred_bytes,
    files: row.files,
    objects: row.objects,
    errorCount: row.error_count,
    warningCount: row.warning_count,
    version: row.version,
    keyLines: JSON.parse(row.key_lines) as string[],
    parts: JSON.parse(row.parts),
    fields: JSON.parse(row.extra) as Record<string, string | number | null>,
    problems: JSON.parse(row.problems) as string[],
    // Comet's words for the same job.
    username: row.tenant,
    protectedItem: row.item,
    vault: row.vault,
    clientVersion: row.version,
    directories: row.directories,
    totalSize: row.size_bytes,
    uploaded: row.transferred_bytes,
    downloaded: row.downloaded,
    cometStatus: row.format === 'comet' ? row.native_status : null,
    namesKnown: row.names_known === 1,
    ids: { jobGuid: row.job_guid, deviceId: row.device_id, sourceGuid: row.source_guid, vaultGuid: row.vault_guid, tenant: row.organization_id },
    ...(log ? { log } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const FILTER_COLUMNS = [
  ['format', 'format'],
  ['tenant', 'tenant'],
  ['username', 'tenant'],
  ['device', 'device'],
  ['item', 'item'],
  ['protectedItem', 'item'],
  ['vault', 'vault'],
  ['status', 'native_status'],
  ['jobStatus', 'job_status'],
  ['type', 'job_type'],
] as const;

/** Jobs, newest recorded first (by id), with the checks their activities went to. */
export async function listJobs(db: Db, f: JobFilter, limit: number, beforeId: number | undefined, scope: Scope) {
  let q = scoped(db.selectFrom('jobs'), scope, jobInScope).selectAll('jobs');
  for (const [key, column] of FILTER_COLUMNS) {
    const value = f[key];
    if (value !== undefined) q = q.where(column, '=', value);
  }
  if (f.checkId !== undefined) {
    const checkId = f.checkId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('activities').select('id').whereRef('activities.job_id', '=', 'jobs.id').where('check_id', '=', checkId)));
  }
  if (f.messageId !== undefined) q = q.where('message_id', '=', f.messageId);
  if (f.from) q = q.where('started_at', '>=', f.from);
  if (f.to) q = q.where('started_at', '<', f.to);
  if (f.q) {
    const pattern = likePattern(f.q);
    q = q.where((eb) => eb.or(['tenant', 'device', 'item', 'vault'].map((col) => eb(sql`lower(${sql.ref(col)})`, 'like', sql`${pattern} escape '\\'`))));
  }
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return { rows, checks: await checksOfJobs(db, rows.map((r) => r.id), scope) };
}

/** The checks each job gave an activity to, of those the caller may see. */
export async function checksOfJobs(db: Db, jobIds: number[], scope: Scope): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(jobIds.map((id) => [id, []]));
  if (!jobIds.length) return map;
  const rows = await scoped(db.selectFrom('activities'), scope, (groups) => checkWithin(groups, 'activities.check_id'))
    .select(['job_id', 'check_id'])
    .distinct()
    .where('job_id', 'in', jobIds)
    .execute();
  for (const r of rows) map.get(r.job_id!)?.push(r.check_id);
  return map;
}

/** A check's backup jobs, oldest first: the trend series of their size, files, transferred bytes and duration. */
export async function trendOfCheck(db: Db, checkId: number, limit: number) {
  const rows = await db
    .selectFrom('jobs')
    .innerJoin('activities', 'activities.job_id', 'jobs.id')
    .select([
      'jobs.id',
      'jobs.format',
      'jobs.started_at',
      'jobs.native_status',
      'jobs.job_status',
      'jobs.size_bytes',
      'jobs.files',
      'jobs.transferred_bytes',
      'jobs.duration_seconds',
      'activities.status',
      'activities.received_at',
    ])
    .where('activities.check_id', '=', checkId)
    // Backups only: a Comet restore or retention pass of the same item would break the series.
    .where((eb) => eb.or([eb('jobs.job_type', 'is', null), eb(sql`lower(jobs.job_type)`, 'like', '%backup%')]))
    .orderBy('activities.received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({
    jobId: r.id,
    startedAt: r.started_at,
    receivedAt: r.received_at,
    cometStatus: r.format === 'comet' ? r.native_status : null,
    jobStatus: r.job_status,
    status: r.status,
    totalSize: r.size_bytes,
    files: r.files,
    uploaded: r.transferred_bytes,
    durationSeconds: r.duration_seconds,
  }));
}
