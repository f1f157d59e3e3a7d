import type { Db } from '../../../db/database.js';
import type { JobRow } from '../../../db/schema.js';
import { activitiesOfJob, insertJob, startedMinute, type StoredLog, updateJob } from '../../jobs/jobs.repository.js';
import type { JobStoreHook, StoredJob } from '../formats.models.js';
import { cometJobOf, reportJobOf } from './comet.job.js';
import { mergeJob, partnerOf } from './comet.jobs.models.js';
import { type CometJob, type CometStatusMap, DEFAULT_COMET_STATUS_MAP } from './comet.models.js';
import { learnNames } from './comet.names.js';
import { cometJobColumns, findJobByGuid, jobOfRow, jobsAwaitingPartner, knownName } from './comet.repository.js';

/** What the Comet runtime tells the writer. */
export interface CometWriterState {
  /** Webhook events have come in: an email report may be the partner of one's job. */
  webhooksSeen: boolean;
  statusMap: CometStatusMap;
}

const storedLog = (log: CometJob['log']): StoredLog => (log.length ? JSON.stringify(log) : null);
const candidates = (rows: JobRow[]) => rows.map((row) => ({ row, job: jobOfRow(row), namesKnown: row.names_known === 1 }));

async function mergeInto(trx: Db, row: JobRow, merged: CometJob, map: CometStatusMap, messageId: number | null, now: string): Promise<StoredJob> {
  const patch = { ...cometJobColumns(merged, map), source: 'email+webhook', message_id: messageId ?? row.message_id, names_known: 1, updated_at: now };
  // Only an email brings a log: a merge keeps the one stored when the email came first.
  await updateJob(trx, row.id, patch, storedLog(merged.log));
  const checksChanged = await learnNames(trx, merged, now);
  return { id: row.id, job: reportJobOf(merged, map), activities: await activitiesOfJob(trx, row.id), checksChanged };
}

/**
 * An email report's job: the same job as a webhook event told of, when one
 * did; else a new one. Its log comes already stored as JSON, made where the
 * report was read.
 */
export const storeCometEmailJob: JobStoreHook = async (trx, generic, context) => {
  const state = (context.state as CometWriterState | null) ?? { webhooksSeen: true, statusMap: DEFAULT_COMET_STATUS_MAP };
  const job = cometJobOf(generic);
  const minute = startedMinute(job.startedAt);
  if (job.username && minute && state.webhooksSeen) {
    const partner = partnerOf(candidates(await jobsAwaitingPartner(trx, job.username, minute, 'email')), job, true);
    const withLog = () => (job.log.length || context.log === null ? job : { ...job, log: JSON.parse(context.log) });
    if (partner) return mergeInto(trx, partner, mergeJob(withLog(), jobOfRow(partner)), state.statusMap, context.messageId, context.receivedAt);
  }
  const at = context.receivedAt;
  const row = cometJobColumns(job, state.statusMap, generic);
  const id = await insertJob(trx, Object.assign(row, { source: 'email', message_id: context.messageId, created_at: at, updated_at: at }), context.log);
  return { id, job: generic, activities: new Map(), checksChanged: false };
};

/**
 * A webhook event's job. Comet retries events, so one seen before changes
 * nothing. The event names no device, item or vault, only their identifiers:
 * names learned from earlier emails stand in; where none is known yet the
 * identifier does, until an email of the same job tells the name.
 */
export async function storeWebhookJob(trx: Db, event: CometJob, map: CometStatusMap, now: string): Promise<StoredJob> {
  if (event.ids.jobGuid) {
    const seen = await findJobByGuid(trx, event.ids.jobGuid);
    if (seen) return { id: seen.id, job: reportJobOf(jobOfRow(seen), map), activities: await activitiesOfJob(trx, seen.id), checksChanged: false, duplicate: true };
  }
  const username = event.username;
  const device = username ? await knownName(trx, username, 'device', event.ids.deviceId) : null;
  const protectedItem = username ? await knownName(trx, username, 'item', event.ids.sourceGuid) : null;
  const vault = username ? await knownName(trx, username, 'vault', event.ids.vaultGuid) : null;
  const named = { ...event, device, protectedItem, vault };
  const namesKnown = device !== null && protectedItem !== null;
  const minute = startedMinute(event.startedAt);
  if (username && minute) {
    const partner = partnerOf(candidates(await jobsAwaitingPartner(trx, username, minute, 'webhook')), named, namesKnown);
    if (partner) return mergeInto(trx, partner, mergeJob(jobOfRow(partner), event), map, null, now);
  }
  const job: CometJob = { ...named, device: device ?? event.ids.deviceId, protectedItem: protectedItem ?? event.ids.sourceGuid };
  const row = { ...cometJobColumns(job, map), source: 'webhook', message_id: null, names_known: namesKnown ? 1 : 0, created_at: now, updated_at: now };
  const id = await insertJob(trx, row, storedLog(job.log));
  return { id, job: reportJobOf(job, map), activities: new Map(), checksChanged: false };
}
