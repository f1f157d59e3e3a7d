import { type Kysely, sql } from 'kysely';

/**
 * Comet's jobs become every report format's jobs: the table and the columns
 * take the generic names (tenant, device, item, the product's own status, size,
 * transferred), and gain the format, the product, our reading of the status,
 * counts, key lines, the objects a report lists and the format's own fields.
 * The columns only Comet's webhook input uses stay as they were.
 */
const JOB_RENAMES: [string, string][] = [
  ['tenant', 'organization_id'],
  ['username', 'tenant'],
  ['protected_item', 'item'],
  ['comet_status', 'native_status'],
  ['total_size', 'size_bytes'],
  ['uploaded', 'transferred_bytes'],
  ['client_version', 'version'],
];
const ROUTE_RENAMES: [string, string][] = [
  ['comet_key', 'job_key'],
  ['username', 'tenant'],
  ['protected_item', 'item'],
];
const CHECK_RENAMES: [string, string][] = [
  ['comet_key', 'job_key'],
  ['comet_job_id', 'last_job_id'],
  ['comet_settings', 'job_settings'],
];

async function rename(db: Kysely<any>, table: string, pairs: [string, string][]) {
  for (const [from, to] of pairs) await db.schema.alterTable(table).renameColumn(from, to).execute();
}

const reversed = (pairs: [string, string][]) => pairs.map(([a, b]) => [b, a] as [string, string]).reverse();

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comet_jobs').renameTo('jobs').execute();
  await db.schema.alterTable('comet_job_logs').renameTo('job_logs').execute();
  await rename(db, 'jobs', JOB_RENAMES);
  await db.schema.alterTable('jobs').addColumn('format', 'text', (c) => c.notNull().defaultTo('comet')).execute();
  await db.schema.alterTable('jobs').addColumn('product', 'text').execute();
  // success, warning, failure or unknown: the product's status as we read it when the report came.
  await db.schema.alterTable('jobs').addColumn('job_status', 'text').execute();
  for (const column of ['objects', 'error_count', 'warning_count']) await db.schema.alterTable('jobs').addColumn(column, 'integer').execute();
  await db.schema.alterTable('jobs').addColumn('key_lines', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('jobs').addColumn('parts', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('jobs').addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('jobs').addColumn('job_key', 'text').execute();
  await sql`update jobs set product = 'Comet Backup'`.execute(db);
  // Comet's statuses read through its default mapping (the organization's may differ; the activities keep what it said then).
  await sql`update jobs set job_status = case native_status
    when 'Success' then 'success' when 'Warning' then 'warning'
    when 'Cancelled' then 'warning' when 'Skipped' then 'warning' when 'Running' then 'warning'
    else 'failure' end where native_status is not null`.execute(db);
  // Each format's newest version (for "Outdated") is read from this index alone; it replaces Comet's.
  await db.schema.dropIndex('comet_jobs_client_version').execute();
  await db.schema.createIndex('jobs_format_version').on('jobs').columns(['format', 'version']).execute();

  await db.schema.alterTable('comet_routes').renameTo('job_routes').execute();
  await rename(db, 'job_routes', ROUTE_RENAMES);
  await rename(db, 'checks', CHECK_RENAMES);
  await db.schema.alterTable('check_groups').renameColumn('comet_settings', 'job_settings').execute();
  // A job key names its format first, so two products' jobs of one name never meet.
  await sql`update checks set job_key = ${'comet:'} || job_key where job_key is not null`.execute(db);
  await sql`update job_routes set job_key = ${'comet:'} || job_key`.execute(db);
  await sql`update jobs set job_key = ${'comet:'} || tenant || ${'\u001f'} || device || ${'\u001f'} || item where tenant is not null and device is not null and item is not null`.execute(db);

  // When the check last had a successful report: what "no good backup for N days" is measured from.
  await db.schema.alterTable('checks').addColumn('last_success_at', 'text').execute();
  await sql`update checks set last_success_at = (select max(received_at) from activities where activities.check_id = checks.id and activities.status = 'success')`.execute(db);
  // The last success (or the creation) an RPO warning was given for: one warning per stretch without success.
  await db.schema.alterTable('checks').addColumn('rpo_warned_for', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checks').dropColumn('rpo_warned_for').execute();
  await db.schema.alterTable('checks').dropColumn('last_success_at').execute();
  await sql`update checks set job_key = substr(job_key, 7) where job_key like 'comet:%'`.execute(db);
  await sql`update job_routes set job_key = substr(job_key, 7) where job_key like 'comet:%'`.execute(db);
  // Other formats' jobs, routes and discovered checks have no place in the schema before this one.
  await sql`update checks set job_key = null, origin = 'manual' where origin not in ('manual', 'comet')`.execute(db);
  await sql`delete from job_routes where job_key like '%:%'`.execute(db);
  await sql`update checks set last_job_id = null where last_job_id in (select id from jobs where format <> 'comet')`.execute(db);
  await sql`update activities set job_id = null where job_id in (select id from jobs where format <> 'comet')`.execute(db);
  await sql`delete from jobs where format <> 'comet'`.execute(db);
  await db.schema.alterTable('check_groups').renameColumn('job_settings', 'comet_settings').execute();
  await rename(db, 'checks', reversed(CHECK_RENAMES));
  await rename(db, 'job_routes', reversed(ROUTE_RENAMES));
  await db.schema.alterTable('job_routes').renameTo('comet_routes').execute();

  await db.schema.dropIndex('jobs_format_version').execute();
  await db.schema.createIndex('comet_jobs_client_version').on('jobs').column('version').execute();
  for (const column of ['job_key', 'extra', 'parts', 'key_lines', 'warning_count', 'error_count', 'objects', 'job_status', 'product', 'format']) {
    await db.schema.alterTable('jobs').dropColumn(column).execute();
  }
  await rename(db, 'jobs', reversed(JOB_RENAMES));
  await db.schema.alterTable('job_logs').renameTo('comet_job_logs').execute();
  await db.schema.alterTable('jobs').renameTo('comet_jobs').execute();
}
