import type { Db } from '../../db/database.js';
import { pick, queryTemplate } from '../../db/query-template.js';
import type { JobRow, JobRowUpdate, NewJobRow } from '../../db/schema.js';
import type { JobLogLine, JobObject, ReportJob } from '../formats/formats.models.js';
import type { JobStatus } from '../../shared/status.js';
import type { Scope } from '../../shared/scope.js';
import { checkWithin, reportedWithin, scoped } from '../../db/scope.js';

/** A job is in the groups of the checks it gave activities to. */
export const jobInScope = (groups: readonly number[]) => reportedWithin(groups, 'job_id', 'jobs.id');

/** The start to the minute, as an email (which prints minutes) and a webhook (seconds) both give it. */
export const startedMinute = (startedAt: string | null) => (startedAt ? startedAt.slice(0, 16) : null);

/** A figure as the integer columns hold it (a product may print 0.19 s; PostgreSQL refuses a fraction in an integer). */
const whole = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.round(n));

/** The generic columns of a job row. */
export function jobColumns(format: string, job: ReportJob, key: string | null): Omit<NewJobRow, 'source' | 'message_id' | 'created_at' | 'updated_at'> {
  return {
    format,
    product: job.product,
    tenant: job.tenant,
    device: job.device,
    item: job.item,
    job_type: job.type,
    // A format that declares a `<id>.status` field (Comet) has a status word of its own apart from the text it printed.
    native_status: typeof job.extra[`${format}.status`] === 'string' ? (job.extra[`${format}.status`] as string) : job.statusText,
    status_text: job.statusText,
    job_status: job.status,
    started_at: job.startedAt,
    stopped_at: job.stoppedAt,
    started_minute: startedMinute(job.startedAt),
    duration_seconds: whole(job.durationSeconds),
    size_bytes: whole(job.sizeBytes),
    transferred_bytes: whole(job.transferredBytes),
    files: whole(job.files),
    objects: whole(job.objects),
    error_count: whole(job.errorCount),
    warning_count: whole(job.warningCount),
    version: job.version,
    key_lines: JSON.stringify(job.keyLines),
    parts: JSON.stringify(job.parts),
    extra: JSON.stringify(job.extra),
    job_key: key,
    problems: JSON.stringify(job.problems),
    organization_id: job.organization ?? null,
  };
}

/** A stored job in the generic shape; its log is kept apart (findJobLog) and is empty here unless given. */
export function reportJobOfRow(row: JobRow, log: JobLogLine[] = []): ReportJob {
  return {
    product: row.product ?? row.format,
    tenant: row.tenant,
    organization: row.organization_id,
    device: row.device,
    item: row.item,
    type: row.job_type,
    status: row.job_status as JobStatus | null,
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
    keyLines: JSON.parse(row.key_lines),
    log,
    parts: JSON.parse(row.parts) as JobObject[],
    problems: JSON.parse(row.problems),
    extra: JSON.parse(row.extra),
  };
}

const JOB_COLUMNS = [
  'format', 'product', 'tenant', 'device', 'item', 'job_type', 'native_status', 'status_text', 'job_status', 'started_at', 'stopped_at',
  'started_minute', 'duration_seconds', 'size_bytes', 'transferred_bytes', 'files', 'objects', 'error_count', 'warning_count', 'version',
  'key_lines', 'parts', 'extra', 'job_key', 'problems', 'vault', 'directories', 'downloaded', 'job_guid', 'device_id', 'source_guid',
  'vault_guid', 'organization_id', 'names_known', 'source', 'message_id', 'created_at', 'updated_at',
] as const;
type FullRow = { [K in (typeof JOB_COLUMNS)[number]]: Exclude<NewJobRow[K], undefined> };
const insertJobQuery = queryTemplate((db, v: FullRow) => db.insertInto('jobs').values(pick(v, JOB_COLUMNS)).returning('id'));

/** A job's log as it is stored (JSON), or null for none; made once, where the report is read. */
export type StoredLog = string | null;

export const storedLog = (log: JobLogLine[]): StoredLog => (log.length ? JSON.stringify(log) : null);

export async function insertJob(db: Db, row: NewJobRow, log: StoredLog): Promise<number> {
  // The template writes null for a column left out; only names_known has another default. (No spread: a row of
  // forty columns copied per report cost more than the insert around it.)
  if (row.names_known === undefined) row.names_known = 1;
  const { rows } = await insertJobQuery(db, row as FullRow);
  const id = rows[0]!.id;
  await saveLog(db, id, log);
  return id;
}

/** Changes a job; a log given replaces the one kept. */
export async function updateJob(db: Db, id: number, patch: JobRowUpdate, log: StoredLog = null): Promise<void> {
  await db.updateTable('jobs').set(patch).where('id', '=', id).execute();
  await saveLog(db, id, log);
}

const saveLogQuery = queryTemplate((db, v: { jobId: number; log: string }) =>
  db
    .insertInto('job_logs')
    .values({ job_id: v.jobId, log: v.log })
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ log: v.log })),
);

async function saveLog(db: Db, jobId: number, log: StoredLog): Promise<void> {
  if (log !== null) await saveLogQuery(db, { jobId, log });
}

export async function findJobLog(db: Db, jobId: number): Promise<JobLogLine[]> {
  const row = await db.selectFrom('job_logs').select('log').where('job_id', '=', jobId).executeTakeFirst();
  return row ? JSON.parse(row.log) : [];
}

export async function findJob(db: Db, id: number, scope: Scope = null): Promise<JobRow | undefined> {
  return scoped(db.selectFrom('jobs'), scope, jobInScope).selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findJobsOfMessage(db: Db, messageId: number): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('message_id', '=', messageId).orderBy('id').execute();
}

/** The activities a job already gave, by check. */
export async function activitiesOfJob(db: Db, jobId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('activities').select(['id', 'check_id']).where('job_id', '=', jobId).execute();
  return new Map(rows.map((r) => [r.check_id, r.id]));
}

/**
 * The figures of a check's previous jobs of the same kind that completed (the
 * product said success or warning), newest first: the history anomalies are
 * measured against.
 */
const completedJobsQuery = queryTemplate((db, v: { checkId: number; exceptJobId: number; type: string; limit: number }) =>
  db
    .selectFrom('activities')
    .innerJoin('jobs', 'jobs.id', 'activities.job_id')
    .select(['jobs.size_bytes as totalSize', 'jobs.files', 'jobs.duration_seconds as durationSeconds', 'jobs.transferred_bytes as uploaded', 'jobs.objects'])
    .where('activities.check_id', '=', v.checkId)
    .where('activities.job_id', 'is not', null)
    .where('jobs.id', '!=', v.exceptJobId)
    .where('jobs.job_type', '=', v.type)
    .where('jobs.job_status', 'in', ['success', 'warning'])
    // The check's newest activities first, read from its (check_id, received_at) index and stopping at `limit`.
    .orderBy('activities.received_at', 'desc')
    .orderBy('activities.id', 'desc')
    .limit(v.limit),
);

export async function completedJobsOfCheck(db: Db, checkId: number, exceptJobId: number, type: string, limit: number) {
  return (await completedJobsQuery(db, { checkId, exceptJobId, type, limit })).rows;
}

/** When a check's reports arrived, newest first (overdue marks are no reports): what its schedule is about. */
export async function arrivalsOfCheck(db: Db, checkId: number, limit: number): Promise<Date[]> {
  const rows = await db
    .selectFrom('activities')
    .select('received_at')
    .where('check_id', '=', checkId)
    .where((eb) => eb.or([eb('message_id', 'is not', null), eb('job_id', 'is not', null)]))
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => new Date(r.received_at));
}

export async function findRoute(db: Db, key: string) {
  return db.selectFrom('job_routes').selectAll().where('job_key', '=', key).executeTakeFirst();
}

export async function putRoute(db: Db, r: { key: string; checkId: number | null; tenant: string; device: string; item: string; at: string }) {
  const values = { job_key: r.key, check_id: r.checkId, tenant: r.tenant, device: r.device, item: r.item, created_at: r.at };
  await db
    .insertInto('job_routes')
    .values(values)
    .onConflict((oc) => oc.column('job_key').doUpdateSet({ check_id: r.checkId, created_at: r.at }))
    .execute();
}

/** Tombstones (jobs whose discovered checks were deleted), newest first; of one format when given. Having no check, they are in no group. */
export async function listTombstones(db: Db, scope: Scope, format?: string) {
  let q = scoped(db.selectFrom('job_routes'), scope, (groups) => checkWithin(groups, 'job_routes.check_id')).selectAll().where('check_id', 'is', null);
  if (format !== undefined) q = q.where('job_key', 'like', `${format}:%`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function deleteTombstone(db: Db, id: number, format?: string): Promise<boolean> {
  let q = db.deleteFrom('job_routes').where('id', '=', id).where('check_id', 'is', null);
  if (format !== undefined) q = q.where('job_key', 'like', `${format}:%`);
  const r = await q.executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function checkIdByJobKey(db: Db, key: string): Promise<number | null> {
  const row = await db.selectFrom('checks').select('id').where('job_key', '=', key).executeTakeFirst();
  return row?.id ?? null;
}
