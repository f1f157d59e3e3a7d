import type { Db } from '../../db/database.js';
import { notFound } from '../../shared/errors.js';
import { deleteActivity, insertActivity, listActivities, refreshCheckStatus, updateActivityVerdict } from '../activities/activities.repository.js';
import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import type { Inbox } from '../evaluation/recipients.models.js';
import { verdictsFor } from '../evaluation/evaluation.verdicts.js';
import type { Clock } from '../../shared/clock.js';
import type { Envelope, ParsedMessage } from './messages.models.js';
import { parseMessage } from './messages.parse.js';
import { decompressRaw } from './messages.raw.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';
import { setExpectationIfNewest } from '../schedule/schedule.repository.js';
import { findAttachments, findMessage, findRaw, replaceParsed } from './messages.repository.js';
import { findJobOfMessage, insertJob, jobColumns, jobOfRow, storedLog, updateJob } from '../comet/comet.repository.js';
import { mergeJob } from '../comet/comet.jobs.models.js';
import { readCometReport } from '../comet/comet.report.js';
import type { CometSettings } from '../comet/comet.settings.js';
import { readCometJob } from '../comet/comet.status.js';

export async function rawMessage(db: Db, id: number): Promise<Buffer> {
  const stored = await findRaw(db, id);
  if (!stored) throw notFound('message', id);
  return decompressRaw(stored.raw);
}

export async function messageDetail(db: Db, id: number) {
  const row = await findMessage(db, id);
  if (!row) throw notFound('message', id);
  const [attachments, activities] = await Promise.all([findAttachments(db, id), listActivities(db, { messageId: id }, 1000)]);
  return { row, attachments, activities };
}

/** A stored message read again from its raw bytes, with the envelope it arrived with. */
export async function loadStoredMessage(db: Db, id: number): Promise<{ parsed: ParsedMessage; envelope: Envelope; receivedAt: string }> {
  const row = await findMessage(db, id);
  if (!row) throw notFound('message', id);
  const parsed = await parseMessage(await rawMessage(db, id));
  return { parsed, envelope: { mailFrom: row.mail_from, rcptTo: JSON.parse(row.rcpt_to) }, receivedAt: row.received_at };
}

export interface ReparseDeps {
  db: Db;
  catalog: CheckCatalog;
  inbox: Inbox;
  clock: Clock;
  timezone: string;
  comet: { get(): CometSettings };
}

/**
 * Parses a stored message again and evaluates it against today's checks: activities
 * of checks that still match are updated in place, new matches get activities,
 * lost matches lose theirs, and every affected check's status is recomputed.
 */
export async function reparseMessage(deps: ReparseDeps, id: number): Promise<void> {
  const { parsed, envelope, receivedAt } = await loadStoredMessage(deps.db, id);
  const stored = await findJobOfMessage(deps.db, id);
  const read = readCometReport({ subject: parsed.subject, text: parsed.text });
  // A job a webhook event told of too keeps the event's exact figures and identifiers.
  const job = read && stored?.source === 'email+webhook' ? mergeJob(read, jobOfRow(stored)) : read;
  const verdicts = verdictsFor(parsed, envelope, await deps.catalog.current(), deps.inbox, job && readCometJob(job, deps.comet.get().statusMap));
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    let jobId = stored?.id ?? null;
    if (job && stored) await updateJob(trx, stored.id, { ...jobColumns(job), updated_at: now }, storedLog(job.log));
    else if (job) jobId = await insertJob(trx, { ...jobColumns(job), source: 'email', message_id: id, created_at: now, updated_at: now }, storedLog(job.log));
    const existing = new Map((await listActivities(trx, { messageId: id }, 1000)).map((a) => [a.checkId, a.id]));
    const affected = new Set<number>(existing.keys());
    for (const v of verdicts) {
      const activityId = existing.get(v.checkId);
      if (activityId !== undefined) {
        await updateActivityVerdict(trx, activityId, v.status, v.evaluation, parsed.subject);
        existing.delete(v.checkId);
      } else {
        await insertActivity(trx, { checkId: v.checkId, messageId: id, jobId, status: v.status, receivedAt, subject: parsed.subject, evaluation: v.evaluation, createdAt: now });
      }
      affected.add(v.checkId);
    }
    for (const activityId of existing.values()) await deleteActivity(trx, activityId);
    await replaceParsed(trx, id, parsed, verdicts.length > 0);
    for (const checkId of affected) await refreshCheckStatus(trx, checkId);
    // A check whose newest report this now is waits for the next one from here.
    for (const v of verdicts) {
      const next = expectationAfterReport(v.check.schedule, v.check.paused, new Date(receivedAt), deps.timezone);
      await setExpectationIfNewest(trx, v.checkId, receivedAt, next);
    }
  });
}
