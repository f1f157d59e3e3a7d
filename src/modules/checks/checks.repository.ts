import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { engineOf } from '../../db/dialect.js';
import type { CheckRow, CheckRowUpdate, NewCheckRow } from '../../db/schema.js';
import { likePattern } from '../../shared/pagination.js';
import { channelIdsOfChecks, channelIdsOfGroups } from '../channels/channels.repository.js';
import { isOutdated, newestVersion } from '../../shared/versions.js';
import { unpackJobSettings } from '../jobs/jobs.settings.js';
import type { Check, CheckComet, CheckJob } from './checks.models.js';
import type { CheckStatus } from '../../shared/status.js';
import type { Scope } from '../../shared/scope.js';
import { groupWithin, scoped } from '../../db/scope.js';

type JobColumns = {
  job_format: string | null;
  job_product: string | null;
  job_tenant: string | null;
  job_device: string | null;
  job_item: string | null;
  job_vault: string | null;
  job_version: string | null;
  job_type: string | null;
  job_native_status: string | null;
  job_status: string | null;
  job_status_text: string | null;
  job_started_at: string | null;
  job_stopped_at: string | null;
  job_size: number | null;
  job_files: number | null;
  job_objects: number | null;
  job_transferred: number | null;
  job_duration: number | null;
};
type Row = CheckRow & { group_name: string | null } & JobColumns;

interface Related {
  labels: Map<number, string[]>;
  channels: Map<number, number[]>;
  groupChannels: Map<number, number[]>;
  /** The newest version seen, by format. */
  newestVersions: Map<string, string | null>;
}

function jobOf(row: Row, newest: string | null): CheckJob | null {
  if (row.last_job_id === null || row.job_format === null) return null;
  return {
    format: row.job_format,
    product: row.job_product,
    tenant: row.job_tenant,
    device: row.job_device,
    item: row.job_item,
    version: row.job_version,
    newestVersion: newest,
    outdated: isOutdated(row.job_version, newest),
    lastJob: {
      id: row.last_job_id,
      type: row.job_type,
      status: row.job_status,
      statusText: row.job_status_text,
      startedAt: row.job_started_at,
      stoppedAt: row.job_stopped_at,
      sizeBytes: row.job_size,
      transferredBytes: row.job_transferred,
      files: row.job_files,
      objects: row.job_objects,
      durationSeconds: row.job_duration,
    },
  };
}

/** A Comet job's check view in Comet's words, as clients before every format had jobs read it. */
function cometOf(row: Row, job: CheckJob | null): CheckComet | null {
  if (!job || job.format !== 'comet') return null;
  return {
    username: job.tenant,
    device: job.device,
    protectedItem: job.item,
    vault: row.job_vault,
    clientVersion: job.version,
    newestClientVersion: job.newestVersion,
    outdated: job.outdated,
    lastJob: {
      id: job.lastJob.id,
      type: job.lastJob.type,
      cometStatus: row.job_native_status,
      startedAt: job.lastJob.startedAt,
      stoppedAt: job.lastJob.stoppedAt,
      totalSize: job.lastJob.sizeBytes,
      files: job.lastJob.files,
      uploaded: job.lastJob.transferredBytes,
      durationSeconds: job.lastJob.durationSeconds,
    },
  };
}

function toCheck(row: Row, related: Related): Check {
  const job = jobOf(row, row.job_format === null ? null : (related.newestVersions.get(row.job_format) ?? null));
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    labels: related.labels.get(row.id) ?? [],
    description: row.description,
    assetId: row.asset_id,
    alias: row.alias,
    paused: row.paused === 1,
    matching: JSON.parse(row.matching),
    statusRules: { comet: false, ...JSON.parse(row.status_rules) },
    schedule: JSON.parse(row.schedule),
    status: row.status as CheckStatus,
    statusSince: row.status_since,
    lastActivityAt: row.last_activity_at,
    lastSuccessAt: row.last_success_at,
    nextDueAt: row.due_at,
    overdueAt: row.deadline_at,
    ticketFields: JSON.parse(row.ticket_fields),
    notifications: {
      channelIds: related.channels.get(row.id) ?? [],
      groupChannelIds: row.group_id === null ? [] : (related.groupChannels.get(row.group_id) ?? []),
      overrides: JSON.parse(row.notifications),
    },
    origin: row.origin,
    job,
    comet: cometOf(row, job),
    scheduleSetBy: row.schedule_set_by as Check['scheduleSetBy'],
    scheduleSuggestion: row.schedule_suggestion ? JSON.parse(row.schedule_suggestion) : null,
    ...unpackJobSettings(row.job_settings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const selectChecks = (db: Db) =>
  db
    .selectFrom('checks')
    .leftJoin('check_groups', 'check_groups.id', 'checks.group_id')
    .leftJoin('jobs', 'jobs.id', 'checks.last_job_id')
    .selectAll('checks')
    .select([
      'check_groups.name as group_name',
      'jobs.format as job_format',
      'jobs.product as job_product',
      'jobs.tenant as job_tenant',
      'jobs.device as job_device',
      'jobs.item as job_item',
      'jobs.vault as job_vault',
      'jobs.version as job_version',
      'jobs.job_type as job_type',
      'jobs.native_status as job_native_status',
      'jobs.job_status as job_status',
      'jobs.status_text as job_status_text',
      'jobs.started_at as job_started_at',
      'jobs.stopped_at as job_stopped_at',
      'jobs.size_bytes as job_size',
      'jobs.files as job_files',
      'jobs.objects as job_objects',
      'jobs.transferred_bytes as job_transferred',
      'jobs.duration_seconds as job_duration',
    ]);

/** The newest version any job of each of these formats reported. */
async function newestVersionsOf(db: Db, formats: string[]): Promise<Map<string, string | null>> {
  if (!formats.length) return new Map();
  const rows = await db.selectFrom('jobs').select(['format', 'version']).distinct().where('format', 'in', formats).where('version', 'is not', null).execute();
  return new Map(formats.map((f) => [f, newestVersion(rows.filter((r) => r.format === f).map((r) => r.version!))]));
}

async function labelsOf(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return map;
  const rows = await db.selectFrom('check_labels').select(['check_id', 'label']).where('check_id', 'in', ids).orderBy('label').execute();
  for (const r of rows) map.get(r.check_id)!.push(r.label);
  return map;
}

async function withRelated(db: Db, rows: Row[]): Promise<Check[]> {
  const ids = rows.map((r) => r.id);
  const groupIds = [...new Set(rows.flatMap((r) => (r.group_id === null ? [] : [r.group_id])))];
  const [labels, channels, groupChannels, versions] = await Promise.all([
    labelsOf(db, ids),
    channelIdsOfChecks(db, ids),
    channelIdsOfGroups(db, groupIds),
    newestVersionsOf(db, [...new Set(rows.flatMap((r) => (r.job_format === null ? [] : [r.job_format])))]),
  ]);
  return rows.map((r) => toCheck(r, { labels, channels, groupChannels, newestVersions: versions }));
}

const inScope = (groups: readonly number[]) => groupWithin(groups, 'checks.group_id');

export async function findCheck(db: Db, id: number, scope: Scope = null): Promise<Check | undefined> {
  const row = await scoped(selectChecks(db), scope, inScope).where('checks.id', '=', id).executeTakeFirst();
  return row && (await withRelated(db, [row]))[0];
}

export interface CheckFilter {
  group?: string;
  label?: string;
  status?: CheckStatus;
  q?: string;
}

/** Checks in dashboard order: by group (ungrouped last), then name. */
export async function listChecks(db: Db, f: CheckFilter, page: { offset: number; limit: number }, scope: Scope): Promise<Check[]> {
  let query = scoped(selectChecks(db), scope, inScope);
  if (f.group !== undefined) query = query.where('check_groups.name_key', '=', f.group.toLowerCase());
  if (f.status) query = query.where('checks.status', '=', f.status);
  if (f.label !== undefined) {
    const label = f.label;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('check_labels').select('check_id').whereRef('check_labels.check_id', '=', 'checks.id').where('label', '=', label)),
    );
  }
  if (f.q) {
    const pattern = likePattern(f.q);
    query = query.where((eb) =>
      eb.or(
        ['checks.name', 'checks.alias', 'checks.description'].map((col) => eb(sql`lower(${sql.ref(col)})`, 'like', sql`${pattern} escape '\\'`)),
      ),
    );
  }
  const rows = await query
    .orderBy(sql`check_groups.name_key is null`)
    .orderBy('check_groups.name_key')
    .orderBy(sql`lower(checks.name)`)
    .orderBy('checks.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return withRelated(db, rows);
}

export async function insertCheck(db: Db, row: NewCheckRow): Promise<number> {
  const { id } = await db.insertInto('checks').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateCheckRow(db: Db, id: number, update: CheckRowUpdate): Promise<void> {
  await db.updateTable('checks').set(update).where('id', '=', id).execute();
}

export async function deleteCheckRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('checks').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function replaceLabels(db: Db, checkId: number, labels: string[]): Promise<void> {
  await db.deleteFrom('check_labels').where('check_id', '=', checkId).execute();
  const unique = [...new Set(labels)];
  if (unique.length) await db.insertInto('check_labels').values(unique.map((label) => ({ check_id: checkId, label }))).execute();
}

/** The group with this name (case-insensitively), created on first use. */
export async function ensureGroup(db: Db, name: string, now: string): Promise<number> {
  const key = name.toLowerCase();
  await db.insertInto('check_groups').values({ name, name_key: key, created_at: now }).onConflict((oc) => oc.column('name_key').doNothing()).execute();
  const { id } = await db.selectFrom('check_groups').select('id').where('name_key', '=', key).executeTakeFirstOrThrow();
  return id;
}

export async function takenAliases(db: Db, base: string, exceptId?: number): Promise<Set<string>> {
  let query = db.selectFrom('checks').select('alias').where((eb) => eb.or([eb('alias', '=', base), eb('alias', 'like', `${base}-%`)]));
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return new Set((await query.execute()).map((r) => r.alias));
}

/** What the evaluator needs of every check, for the ingestion cache. */
export async function loadEvaluationRows(db: Db, id?: number) {
  const query = db
    .selectFrom('checks')
    .leftJoin('check_groups', 'check_groups.id', 'checks.group_id')
    .select([
      'checks.id',
      'checks.alias',
      'checks.matching',
      'checks.status_rules',
      'checks.schedule',
      'checks.paused',
      'checks.origin',
      'checks.schedule_set_by',
      'checks.job_settings',
      'check_groups.job_settings as group_job_settings',
    ]);
  return (id === undefined ? query : query.where('checks.id', '=', id)).execute();
}

const REVISION_KEY = 'checks_revision';

/** Bumped in the same transaction as every change to checks, so caches of them know to reload. */
export async function bumpChecksRevision(db: Db): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: REVISION_KEY, value: '1' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`cast(cast(meta.value as integer) + 1 as text)` }))
    .execute();
}

export async function checksRevision(db: Db): Promise<string> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', REVISION_KEY).executeTakeFirst();
  return row?.value ?? '0';
}

/**
 * Locks these checks' rows in id order until the transaction ends (PostgreSQL;
 * SQLite has one writer at a time). A group commit takes them all first, so two
 * nodes' commits never each hold a check the other waits for.
 */
export async function lockChecks(db: Db, ids: number[]): Promise<void> {
  if (!ids.length || engineOf(db) !== 'postgres') return;
  await db.selectFrom('checks').select('id').where('id', 'in', ids).orderBy('id').forNoKeyUpdate().execute();
}
