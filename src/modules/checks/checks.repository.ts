import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { engineOf } from '../../db/dialect.js';
import type { CheckRow, CheckRowUpdate, NewCheckRow } from '../../db/schema.js';
import { likePattern } from '../../shared/pagination.js';
import { channelIdsOfChecks, channelIdsOfGroups } from '../channels/channels.repository.js';
import { clientVersions } from '../comet/comet.repository.js';
import type { CometJobType, CometStatus } from '../comet/comet.models.js';
import { isOutdated, newestVersion } from '../comet/comet.versions.js';
import type { Check, CheckComet } from './checks.models.js';
import type { CheckStatus } from '../../shared/status.js';

type JobColumns = {
  job_username: string | null;
  job_device: string | null;
  job_item: string | null;
  job_vault: string | null;
  job_client_version: string | null;
  job_type: string | null;
  job_status: string | null;
  job_started_at: string | null;
  job_stopped_at: string | null;
  job_total_size: number | null;
  job_files: number | null;
  job_uploaded: number | null;
  job_duration: number | null;
};
type Row = CheckRow & { group_name: string | null } & JobColumns;

interface Related {
  labels: Map<number, string[]>;
  channels: Map<number, number[]>;
  groupChannels: Map<number, number[]>;
  newestClientVersion: string | null;
}

function cometOf(row: Row, newest: string | null): CheckComet | null {
  if (row.comet_job_id === null) return null;
  return {
    username: row.job_username,
    device: row.job_device,
    protectedItem: row.job_item,
    vault: row.job_vault,
    clientVersion: row.job_client_version,
    newestClientVersion: newest,
    outdated: isOutdated(row.job_client_version, newest),
    lastJob: {
      id: row.comet_job_id,
      type: row.job_type as CometJobType | null,
      cometStatus: row.job_status as CometStatus | null,
      startedAt: row.job_started_at,
      stoppedAt: row.job_stopped_at,
      totalSize: row.job_total_size,
      files: row.job_files,
      uploaded: row.job_uploaded,
      durationSeconds: row.job_duration,
    },
  };
}

function toCheck(row: Row, related: Related): Check {
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
    nextDueAt: row.due_at,
    overdueAt: row.deadline_at,
    ticketFields: JSON.parse(row.ticket_fields),
    notifications: {
      channelIds: related.channels.get(row.id) ?? [],
      groupChannelIds: row.group_id === null ? [] : (related.groupChannels.get(row.group_id) ?? []),
      overrides: JSON.parse(row.notifications),
    },
    origin: row.origin as Check['origin'],
    comet: cometOf(row, related.newestClientVersion),
    scheduleSetBy: row.schedule_set_by as Check['scheduleSetBy'],
    scheduleSuggestion: row.schedule_suggestion ? JSON.parse(row.schedule_suggestion) : null,
    anomalies: JSON.parse(row.comet_settings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const selectChecks = (db: Db) =>
  db
    .selectFrom('checks')
    .leftJoin('check_groups', 'check_groups.id', 'checks.group_id')
    .leftJoin('comet_jobs', 'comet_jobs.id', 'checks.comet_job_id')
    .selectAll('checks')
    .select([
      'check_groups.name as group_name',
      'comet_jobs.username as job_username',
      'comet_jobs.device as job_device',
      'comet_jobs.protected_item as job_item',
      'comet_jobs.vault as job_vault',
      'comet_jobs.client_version as job_client_version',
      'comet_jobs.job_type as job_type',
      'comet_jobs.comet_status as job_status',
      'comet_jobs.started_at as job_started_at',
      'comet_jobs.stopped_at as job_stopped_at',
      'comet_jobs.total_size as job_total_size',
      'comet_jobs.files as job_files',
      'comet_jobs.uploaded as job_uploaded',
      'comet_jobs.duration_seconds as job_duration',
    ]);

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
    rows.some((r) => r.comet_job_id !== null) ? clientVersions(db) : Promise.resolve([]),
  ]);
  return rows.map((r) => toCheck(r, { labels, channels, groupChannels, newestClientVersion: newestVersion(versions) }));
}

export async function findCheck(db: Db, id: number): Promise<Check | undefined> {
  const row = await selectChecks(db).where('checks.id', '=', id).executeTakeFirst();
  return row && (await withRelated(db, [row]))[0];
}

export interface CheckFilter {
  group?: string;
  label?: string;
  status?: CheckStatus;
  q?: string;
}



/** Checks in dashboard order: by group (ungrouped last), then name. */
export async function listChecks(db: Db, f: CheckFilter, page: { offset: number; limit: number }): Promise<Check[]> {
  let query = selectChecks(db);
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
      'checks.comet_settings',
      'check_groups.comet_settings as group_comet_settings',
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
