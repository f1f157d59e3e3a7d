import type { Db } from '../../db/database.js';
import { pick, queryTemplate } from '../../db/query-template.js';
import type { CometJobRow, CometJobRowUpdate, NewCometJobRow } from '../../db/schema.js';
import type { CometJob, CometJobType, CometLogLine, CometStatus } from './comet.models.js';

/** The start to the minute, as an email (which prints minutes) and a webhook (seconds) both give it. */
export const startedMinute = (startedAt: string | null) => (startedAt ? startedAt.slice(0, 16) : null);

export function jobColumns(job: CometJob): Omit<NewCometJobRow, 'source' | 'message_id' | 'created_at' | 'updated_at'> {
  return {
    username: job.username,
    job_type: job.type,
    comet_status: job.status,
    status_text: job.statusText,
    started_at: job.startedAt,
    stopped_at: job.stoppedAt,
    started_minute: startedMinute(job.startedAt),
    protected_item: job.protectedItem,
    vault: job.vault,
    device: job.device,
    client_version: job.clientVersion,
    directories: job.directories,
    files: job.files,
    total_size: job.totalSize,
    uploaded: job.uploaded,
    downloaded: job.downloaded,
    duration_seconds: job.durationSeconds,
    problems: JSON.stringify(job.problems),
    job_guid: job.ids.jobGuid,
    device_id: job.ids.deviceId,
    source_guid: job.ids.sourceGuid,
    vault_guid: job.ids.vaultGuid,
    tenant: job.ids.tenant,
  };
}

/** A stored job; its log is kept apart (findJobLog) and is empty here unless given. */
export function jobOfRow(row: CometJobRow, log: CometLogLine[] = []): CometJob {
  return {
    username: row.username,
    type: row.job_type as CometJobType | null,
    status: row.comet_status as CometStatus | null,
    statusText: row.status_text,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    protectedItem: row.protected_item,
    vault: row.vault,
    device: row.device,
    clientVersion: row.client_version,
    directories: row.directories,
    files: row.files,
    totalSize: row.total_size,
    uploaded: row.uploaded,
    downloaded: row.downloaded,
    durationSeconds: row.duration_seconds,
    log,
    problems: JSON.parse(row.problems),
    ids: { jobGuid: row.job_guid, deviceId: row.device_id, sourceGuid: row.source_guid, vaultGuid: row.vault_guid, tenant: row.tenant },
  };
}

const JOB_COLUMNS = [
  'username', 'job_type', 'comet_status', 'status_text', 'started_at', 'stopped_at', 'started_minute', 'protected_item', 'vault', 'device',
  'client_version', 'directories', 'files', 'total_size', 'uploaded', 'downloaded', 'duration_seconds', 'problems', 'job_guid', 'device_id',
  'source_guid', 'vault_guid', 'tenant', 'source', 'message_id', 'names_known', 'created_at', 'updated_at',
] as const;
const insertJobQuery = queryTemplate((db, v: Required<Omit<NewCometJobRow, 'id'>>) => db.insertInto('comet_jobs').values(pick(v, JOB_COLUMNS)).returning('id'));

/** A job's log as it is stored (JSON), or null for none; made once, where the report is read. */
export type StoredLog = string | null;

export const storedLog = (log: CometLogLine[]): StoredLog => (log.length ? JSON.stringify(log) : null);

export async function insertJob(db: Db, row: NewCometJobRow, log: StoredLog): Promise<number> {
  // names_known: the column's default, for a job that does not say.
  const { rows } = await insertJobQuery(db, { names_known: 1, ...row } as Required<Omit<NewCometJobRow, 'id'>>);
  const id = rows[0]!.id;
  await saveLog(db, id, log);
  return id;
}

/** Changes a job; a log given replaces the one kept. */
export async function updateJob(db: Db, id: number, patch: CometJobRowUpdate, log: StoredLog = null): Promise<void> {
  await db.updateTable('comet_jobs').set(patch).where('id', '=', id).execute();
  await saveLog(db, id, log);
}

const saveLogQuery = queryTemplate((db, v: { jobId: number; log: string }) =>
  db
    .insertInto('comet_job_logs')
    .values({ job_id: v.jobId, log: v.log })
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ log: v.log })),
);

async function saveLog(db: Db, jobId: number, log: StoredLog): Promise<void> {
  if (log !== null) await saveLogQuery(db, { jobId, log });
}

export async function findJobLog(db: Db, jobId: number): Promise<CometLogLine[]> {
  const row = await db.selectFrom('comet_job_logs').select('log').where('job_id', '=', jobId).executeTakeFirst();
  return row ? JSON.parse(row.log) : [];
}

export async function findJob(db: Db, id: number): Promise<CometJobRow | undefined> {
  return db.selectFrom('comet_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findJobByGuid(db: Db, guid: string): Promise<CometJobRow | undefined> {
  return db.selectFrom('comet_jobs').selectAll().where('job_guid', '=', guid).executeTakeFirst();
}

export async function findJobOfMessage(db: Db, messageId: number): Promise<CometJobRow | undefined> {
  return db.selectFrom('comet_jobs').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/** Jobs of this account and minute that only one source has told of yet: the other source's report may be the same job. */
export async function jobsAwaitingPartner(db: Db, username: string, minute: string, awaiting: 'email' | 'webhook'): Promise<CometJobRow[]> {
  return db
    .selectFrom('comet_jobs')
    .selectAll()
    .where('username', '=', username)
    .where('started_minute', '=', minute)
    .where('source', '=', awaiting === 'email' ? 'webhook' : 'email')
    .execute();
}

export async function learnName(db: Db, n: { username: string; kind: 'device' | 'item' | 'vault'; ref: string; name: string; at: string }): Promise<void> {
  await db
    .insertInto('comet_names')
    .values({ username: n.username, kind: n.kind, ref: n.ref, name: n.name, learned_at: n.at })
    .onConflict((oc) => oc.columns(['username', 'kind', 'ref']).doUpdateSet({ name: n.name, learned_at: n.at }))
    .execute();
}

export async function knownName(db: Db, username: string, kind: 'device' | 'item' | 'vault', ref: string | null): Promise<string | null> {
  if (!ref) return null;
  const row = await db.selectFrom('comet_names').select('name').where('username', '=', username).where('kind', '=', kind).where('ref', '=', ref).executeTakeFirst();
  return row?.name ?? null;
}

/** Jobs still known by a webhook identifier of this account's device or item get its name. */
export async function nameJobs(db: Db, username: string, column: 'device' | 'protected_item' | 'vault', idColumn: 'device_id' | 'source_guid' | 'vault_guid', ref: string, name: string) {
  await db.updateTable('comet_jobs').set({ [column]: name }).where('username', '=', username).where(idColumn, '=', ref).where(column, '=', ref).execute();
  await db
    .updateTable('comet_jobs')
    .set({ names_known: 1 })
    .where('username', '=', username)
    .where('names_known', '=', 0)
    .where((eb) => eb.and([eb('device', '!=', eb.ref('device_id')), eb('protected_item', '!=', eb.ref('source_guid'))]))
    .execute();
}

export async function findRoute(db: Db, key: string) {
  return db.selectFrom('comet_routes').selectAll().where('comet_key', '=', key).executeTakeFirst();
}

export async function putRoute(db: Db, r: { key: string; checkId: number | null; username: string; device: string; protectedItem: string; at: string }) {
  const values = { comet_key: r.key, check_id: r.checkId, username: r.username, device: r.device, protected_item: r.protectedItem, created_at: r.at };
  await db
    .insertInto('comet_routes')
    .values(values)
    .onConflict((oc) => oc.column('comet_key').doUpdateSet({ check_id: r.checkId, created_at: r.at }))
    .execute();
}

export async function listTombstones(db: Db) {
  return db.selectFrom('comet_routes').selectAll().where('check_id', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function deleteTombstone(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('comet_routes').where('id', '=', id).where('check_id', 'is', null).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function checkIdByCometKey(db: Db, key: string): Promise<number | null> {
  const row = await db.selectFrom('checks').select('id').where('comet_key', '=', key).executeTakeFirst();
  return row?.id ?? null;
}

/** The activities a job already gave, by check. */
export async function activitiesOfJob(db: Db, jobId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('activities').select(['id', 'check_id']).where('job_id', '=', jobId).execute();
  return new Map(rows.map((r) => [r.check_id, r.id]));
}

/**
 * The figures of a check's previous backup jobs that completed (Comet said
 * Success or Warning), newest first: the history anomalies are measured against.
 */
const completedJobsQuery = queryTemplate((db, v: { checkId: number; exceptJobId: number; limit: number }) =>
  db
    .selectFrom('activities')
    .innerJoin('comet_jobs', 'comet_jobs.id', 'activities.job_id')
    .select(['comet_jobs.total_size as totalSize', 'comet_jobs.files', 'comet_jobs.duration_seconds as durationSeconds', 'comet_jobs.uploaded'])
    .where('activities.check_id', '=', v.checkId)
    .where('activities.job_id', 'is not', null)
    .where('comet_jobs.id', '!=', v.exceptJobId)
    .where('comet_jobs.job_type', '=', 'Backup')
    .where('comet_jobs.comet_status', 'in', ['Success', 'Warning'])
    // The check's newest activities first, read from its (check_id, received_at) index and stopping at `limit`.
    .orderBy('activities.received_at', 'desc')
    .orderBy('activities.id', 'desc')
    .limit(v.limit),
);

export async function completedJobsOfCheck(db: Db, checkId: number, exceptJobId: number, limit: number) {
  return (await completedJobsQuery(db, { checkId, exceptJobId, limit })).rows;
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

export async function clientVersions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('comet_jobs').select('client_version').distinct().where('client_version', 'is not', null).execute();
  return rows.map((r) => r.client_version!);
}
