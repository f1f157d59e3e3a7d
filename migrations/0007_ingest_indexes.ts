import { type Kysely, sql } from 'kysely';

/**
 * Fewer index pages written per received report. A check's history had two
 * indexes, one of them only for Comet jobs: one covering index (with job_id)
 * serves both. The webhook identifiers of a Comet job are null for every job an
 * email reported, so their indexes keep only the jobs that have them. With a
 * thousand checks, each index of a row in a random place is one more page
 * rewritten per report.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('activities_check_history').on('activities').columns(['check_id', 'received_at', 'id', 'job_id']).execute();
  await db.schema.dropIndex('activities_check_received_at').execute();
  await db.schema.dropIndex('activities_check_jobs').execute();
  await db.schema.dropIndex('comet_jobs_device_id').execute();
  await db.schema.dropIndex('comet_jobs_source_guid').execute();
  await db.schema.createIndex('comet_jobs_device_id').on('comet_jobs').columns(['username', 'device_id']).where(sql.ref('device_id'), 'is not', null).execute();
  await db.schema.createIndex('comet_jobs_source_guid').on('comet_jobs').columns(['username', 'source_guid']).where(sql.ref('source_guid'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comet_jobs_source_guid').execute();
  await db.schema.dropIndex('comet_jobs_device_id').execute();
  await db.schema.createIndex('comet_jobs_device_id').on('comet_jobs').columns(['username', 'device_id']).execute();
  await db.schema.createIndex('comet_jobs_source_guid').on('comet_jobs').columns(['username', 'source_guid']).execute();
  await db.schema.createIndex('activities_check_received_at').on('activities').columns(['check_id', 'received_at', 'id']).execute();
  await db.schema
    .createIndex('activities_check_jobs')
    .on('activities')
    .columns(['check_id', 'received_at', 'id', 'job_id'])
    .where(sql.ref('job_id'), 'is not', null)
    .execute();
  await db.schema.dropIndex('activities_check_history').execute();
}
