import type { Db } from '../../../db/database.js';
import type { JobRow, NewJobRow } from '../../../db/schema.js';
import { jobColumns, reportJobOfRow } from '../../jobs/jobs.repository.js';
import { jobKey } from '../../jobs/jobs.discovery.models.js';
import type { ReportJob } from '../formats.models.js';
import { cometKeyParts } from './comet.identity.js';
import { cometJobOf, reportJobOf } from './comet.job.js';
import type { CometJob, CometLogLine, CometStatusMap } from './comet.models.js';

/**
 * The columns of a Comet job row: the generic ones, and those only its webhook
 * input fills. `generic` is the job in the generic shape when the caller has it.
 */
export function cometJobColumns(job: CometJob, map: CometStatusMap, generic: ReportJob = reportJobOf(job, map)): Omit<NewJobRow, 'source' | 'message_id' | 'created_at' | 'updated_at'> {
  return Object.assign(jobColumns('comet', generic, jobKey({ id: 'comet', key: cometKeyParts }, generic)), {
    vault: job.vault,
    directories: job.directories,
    downloaded: job.downloaded,
    job_guid: job.ids.jobGuid,
    device_id: job.ids.deviceId,
    source_guid: job.ids.sourceGuid,
    vault_guid: job.ids.vaultGuid,
    organization_id: job.ids.tenant,
  });
}

/** A stored Comet job; its log is kept apart and is empty here unless given. */
export function jobOfRow(row: JobRow, log: CometLogLine[] = []): CometJob {
  const job = cometJobOf(reportJobOfRow(row, log));
  return {
    ...job,
    status: row.native_status as CometJob['status'],
    vault: row.vault,
    directories: row.directories,
    downloaded: row.downloaded,
    ids: { jobGuid: row.job_guid, deviceId: row.device_id, sourceGuid: row.source_guid, vaultGuid: row.vault_guid, tenant: row.organization_id },
  };
}

export async function findJobByGuid(db: Db, guid: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('job_guid', '=', guid).executeTakeFirst();
}

/** Jobs of this account and minute that only one input has told of yet: the other input's report may be the same job. */
export async function jobsAwaitingPartner(db: Db, username: string, minute: string, awaiting: 'email' | 'webhook'): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('tenant', '=', username)
    .where('started_minute', '=', minute)
    .where('format', '=', 'comet')
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
export async function nameJobs(db: Db, username: string, column: 'device' | 'item' | 'vault', idColumn: 'device_id' | 'source_guid' | 'vault_guid', ref: string, name: string) {
  await db.updateTable('jobs').set({ [column]: name }).where('format', '=', 'comet').where('tenant', '=', username).where(idColumn, '=', ref).where(column, '=', ref).execute();
  await db
    .updateTable('jobs')
    .set({ names_known: 1 })
    .where('format', '=', 'comet')
    .where('tenant', '=', username)
    .where('names_known', '=', 0)
    .where((eb) => eb.and([eb('device', '!=', eb.ref('device_id')), eb('item', '!=', eb.ref('source_guid'))]))
    .execute();
}

/** Whether any Comet job came from a webhook event. */
export async function anyWebhookJob(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('jobs').select('id').where('format', '=', 'comet').where('source', '!=', 'email').limit(1).executeTakeFirst());
}
