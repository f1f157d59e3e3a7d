import type { Db } from '../../db/database.js';
import type { CometJobRow } from '../../db/schema.js';
import { mergeJob, partnerOf } from './comet.jobs.models.js';
import type { CometJob } from './comet.models.js';
import { learnNames } from './comet.names.js';
import {
  activitiesOfJob,
  findJobByGuid,
  insertJob,
  jobColumns,
  jobOfRow,
  jobsAwaitingPartner,
  knownName,
  startedMinute,
  type StoredLog,
  storedLog,
  updateJob,
} from './comet.repository.js';

/** A job as stored: its row id, what is known of it now, and the activities it already gave (by check). */
export interface StoredJob {
  id: number;
  job: CometJob;
  activities: Map<number, number>;
  /** Names of webhook identifiers were learned: discovered checks may have been renamed or merged. */
  checksChanged: boolean;
  /** Webhook only: Comet sent this event before (it retries), nothing new happened. */
  duplicate?: boolean;
}

const candidates = (rows: CometJobRow[]) => rows.map((row) => ({ row, job: jobOfRow(row), namesKnown: row.names_known === 1 }));

async function mergeInto(trx: Db, row: CometJobRow, merged: CometJob, messageId: number | null, now: string): Promise<StoredJob> {
  const patch = { ...jobColumns(merged), source: 'email+webhook', message_id: messageId ?? row.message_id, names_known: 1, updated_at: now };
  // Only an email brings a log: a merge keeps the one stored when the email came first.
  await updateJob(trx, row.id, patch, storedLog(merged.log));
  const checksChanged = await learnNames(trx, merged, now);
  return { id: row.id, job: merged, activities: await activitiesOfJob(trx, row.id), checksChanged };
}

/**
 * An email report's job: the same job as a webhook event told of, when one did; else a new one. The log
 * may come already stored as JSON (`log`), with none in `job`: made where the report was read.
 */
export async function storeEmailJob(trx: Db, job: CometJob, messageId: number, now: string, webhooksSeen = true, log: StoredLog = storedLog(job.log)): Promise<StoredJob> {
  const minute = startedMinute(job.startedAt);
  if (job.username && minute && webhooksSeen) {
    const partner = partnerOf(candidates(await jobsAwaitingPartner(trx, job.username, minute, 'email')), job, true);
    const withLog = () => (job.log.length || log === null ? job : { ...job, log: JSON.parse(log) });
    if (partner) return mergeInto(trx, partner, mergeJob(withLog(), jobOfRow(partner)), messageId, now);
  }
  const id = await insertJob(trx, { ...jobColumns(job), source: 'email', message_id: messageId, created_at: now, updated_at: now }, log);
  return { id, job, activities: new Map(), checksChanged: false };
}

/**
 * A webhook event's job. Comet retries events, so one seen before changes
 * nothing. The event names no device, item or vault, only their identifiers:
 * names learned from earlier emails stand in; where none is known yet the
 * identifier does, until an email of the same job tells the name.
 */
export async function storeWebhookJob(trx: Db, event: CometJob, now: string): Promise<StoredJob> {
  if (event.ids.jobGuid) {
    const seen = await findJobByGuid(trx, event.ids.jobGuid);
    if (seen) return { id: seen.id, job: jobOfRow(seen), activities: await activitiesOfJob(trx, seen.id), checksChanged: false, duplicate: true };
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
    if (partner) return mergeInto(trx, partner, mergeJob(jobOfRow(partner), event), null, now);
  }
  const job: CometJob = { ...named, device: device ?? event.ids.deviceId, protectedItem: protectedItem ?? event.ids.sourceGuid };
  const id = await insertJob(trx, { ...jobColumns(job), source: 'webhook', message_id: null, names_known: namesKnown ? 1 : 0, created_at: now, updated_at: now }, storedLog(job.log));
  return { id, job, activities: new Map(), checksChanged: false };
}
