import { type Kysely, sql } from 'kysely';
import { withId } from './portable.js';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per Comet job, however many ways it reached us (an email, a webhook event, or both).
  await withId(db, db.schema.createTable('comet_jobs'))
    .addColumn('message_id', 'integer', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('job_type', 'text')
    .addColumn('comet_status', 'text')
    .addColumn('status_text', 'text')
    .addColumn('started_at', 'text')
    .addColumn('stopped_at', 'text')
    // The start to the minute: what an email (which prints minutes) and a webhook (seconds) agree on.
    .addColumn('started_minute', 'text')
    .addColumn('protected_item', 'text')
    .addColumn('vault', 'text')
    .addColumn('device', 'text')
    .addColumn('client_version', 'text')
    .addColumn('directories', 'integer')
    .addColumn('files', 'integer')
    .addColumn('total_size', 'bigint')
    .addColumn('uploaded', 'bigint')
    .addColumn('downloaded', 'bigint')
    .addColumn('duration_seconds', 'integer')
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('job_guid', 'text', (c) => c.unique())
    .addColumn('device_id', 'text')
    .addColumn('source_guid', 'text')
    .addColumn('vault_guid', 'text')
    .addColumn('tenant', 'text')
    // 0 while device or protected item hold a webhook's identifiers because their names are not known yet.
    .addColumn('names_known', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The log apart from the job, so that lists and history read compact rows.
  await db.schema
    .createTable('comet_job_logs')
    .addColumn('job_id', 'integer', (c) => c.primaryKey().references('comet_jobs.id').onDelete('cascade'))
    .addColumn('log', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comet_jobs_username_minute').on('comet_jobs').columns(['username', 'started_minute']).execute();
  await db.schema.createIndex('comet_jobs_started_at').on('comet_jobs').columns(['started_at', 'id']).execute();
  await db.schema.createIndex('comet_jobs_message_id').on('comet_jobs').column('message_id').execute();
  await db.schema.createIndex('comet_jobs_device_id').on('comet_jobs').columns(['username', 'device_id']).execute();
  await db.schema.createIndex('comet_jobs_source_guid').on('comet_jobs').columns(['username', 'source_guid']).execute();
  // The distinct client versions (for "Outdated") are read from this index alone.
  await db.schema.createIndex('comet_jobs_client_version').on('comet_jobs').column('client_version').execute();

  await db.schema.alterTable('activities').addColumn('job_id', 'integer', (c) => c.references('comet_jobs.id').onDelete('set null')).execute();
  await db.schema.createIndex('activities_job_id').on('activities').column('job_id').execute();
  // A check's Comet jobs, newest first, from the index alone (the history anomalies compare against).
  await db.schema
    .createIndex('activities_check_jobs')
    .on('activities')
    .columns(['check_id', 'received_at', 'id', 'job_id'])
    .where(sql.ref('job_id'), 'is not', null)
    .execute();

  // origin: 'manual' or 'comet' (auto-discovered); comet_key names the protected item a discovered check stands for.
  await db.schema.alterTable('checks').addColumn('origin', 'text', (c) => c.notNull().defaultTo('manual')).execute();
  await db.schema.alterTable('checks').addColumn('comet_key', 'text').execute();
  await db.schema.createIndex('checks_comet_key').on('checks').column('comet_key').unique().execute();
  // Who chose the schedule: 'default' (nobody yet), 'user', or 'suggestion' (applied from the observed arrivals).
  await db.schema.alterTable('checks').addColumn('schedule_set_by', 'text', (c) => c.notNull().defaultTo('user')).execute();
  await db.schema.alterTable('checks').addColumn('schedule_suggestion', 'text').execute();
  await db.schema.alterTable('checks').addColumn('comet_settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  // The check's newest Comet job: its device, client version and figures, without a search through history.
  await db.schema.alterTable('checks').addColumn('comet_job_id', 'integer', (c) => c.references('comet_jobs.id').onDelete('set null')).execute();
  await db.schema.alterTable('check_groups').addColumn('comet_settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();

  // What webhook identifiers stand for, learned when an email and a webhook event told of the same job.
  await db.schema
    .createTable('comet_names')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('learned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comet_names_pk', ['username', 'kind', 'ref'])
    .execute();

  // Where a protected item's reports go instead of auto-discovery: nowhere (a deleted check's
  // tombstone, check_id null) or into the check it was merged into.
  await withId(db, db.schema.createTable('comet_routes'))
    .addColumn('comet_key', 'text', (c) => c.notNull().unique())
    .addColumn('check_id', 'integer', (c) => c.references('checks.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('protected_item', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comet_routes').execute();
  await db.schema.dropTable('comet_names').execute();
  await db.schema.alterTable('check_groups').dropColumn('comet_settings').execute();
  await db.schema.dropIndex('checks_comet_key').execute();
  for (const column of ['comet_job_id', 'comet_settings', 'schedule_suggestion', 'schedule_set_by', 'comet_key', 'origin']) {
    await db.schema.alterTable('checks').dropColumn(column).execute();
  }
  await db.schema.dropIndex('activities_check_jobs').execute();
  await db.schema.dropIndex('activities_job_id').execute();
  await db.schema.alterTable('activities').dropColumn('job_id').execute();
  await db.schema.dropTable('comet_job_logs').execute();
  await db.schema.dropTable('comet_jobs').execute();
}
