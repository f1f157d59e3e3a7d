import type { Db } from '../../db/database.js';
import { notFound } from '../../shared/errors.js';
import { deleteActivity, insertActivity, listActivities, refreshCheckStatus, updateActivityVerdict } from '../activities/activities.repository.js';
import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import type { Inbox } from '../evaluation/recipients.models.js';
import { verdictsFor } from '../evaluation/evaluation.verdicts.js';
import type { Clock } from '../../shared/clock.js';
import type { Scope } from '../../shared/scope.js';
import type { Envelope, ParsedMessage } from './messages.models.js';
import { parseMessage } from './messages.parse.js';
import { decompressRaw } from './messages.raw.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';
import { setExpectationIfNewest } from '../schedule/schedule.repository.js';
import { findAttachments, findMessage, findRaw, replaceParsed } from './messages.repository.js';
import type { ReadContext, ReportFormat } from '../formats/formats.models.js';
import { reportMessageOf } from '../formats/formats.message.js';
import { readReport } from '../formats/formats.registry.js';
import { jobKey } from '../jobs/jobs.discovery.models.js';
import { jobReading } from '../jobs/jobs.reading.js';
import { findJobsOfMessage, insertJob, jobColumns, reportJobOfRow, storedLog, updateJob } from '../jobs/jobs.repository.js';

/** The original bytes; a message outside the caller's scope is not found. */
export async function rawMessage(db: Db, id: number, scope: Scope = null): Promise<Buffer> {
  const stored = await findRaw(db, id, scope);
  if (!stored) throw notFound('message', id);
  return decompressRaw(stored.raw);
}

/** A message with its attachments and the activities it gave, of the checks the caller may see. */
export async function messageDetail(db: Db, id: number, scope: Scope) {
  const row = await findMessage(db, id, scope);
  if (!row) throw notFound('message', id);
  const [attachments, activities] = await Promise.all([findAttachments(db, id), listActivities(db, { messageId: id }, 1000, undefined, scope)]);
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
  readContext: (format: ReportFormat, receivedAt: string) => ReadContext | null;
}

/**
 * Parses a stored message again and evaluates it against today's checks: activities
 * of checks that still match are updated in place, new matches get activities,
 * lost matches lose theirs, and every affected check's status is recomputed.
 */
export async function reparseMessage(deps: ReparseDeps, id: number): Promise<void> {
  const { parsed, envelope, receivedAt } = await loadStoredMessage(deps.db, id);
  const stored = await findJobsOfMessage(deps.db, id);
  const reading = readReport(reportMessageOf(parsed, envelope), (format) => deps.readContext(format, receivedAt));
  const format = reading && reading.jobs.length ? reading.format : null;
  // A job another input told of too (a Comet webhook event) keeps what it holds: the event's exact figures and identifiers.
  const jobs = format ? reading!.jobs.map((job, i) => (stored[i] && stored[i].source !== 'email' && stored[i].format === format.id ? reportJobOfRow(stored[i]) : job)) : [];
  const perJob = verdictsFor(parsed, envelope, await deps.catalog.current(), deps.inbox, jobs.map((job) => jobReading(format!, job)));
  const verdicts = perJob.flat();
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const jobIds: (number | null)[] = [];
    for (const [i, job] of jobs.entries()) {
      const row = stored[i];
      const columns = jobColumns(format!.id, job, jobKey(format!, job));
      if (row && row.source !== 'email') jobIds.push(row.id);
      else if (row) {
        await updateJob(trx, row.id, { ...columns, updated_at: now }, storedLog(job.log));
        jobIds.push(row.id);
      } else {
        jobIds.push(await insertJob(trx, { ...columns, source: 'email', message_id: id, created_at: now, updated_at: now }, storedLog(job.log)));
      }
    }
    const jobOfCheck = new Map(perJob.flatMap((vs, i) => vs.map((v) => [v.checkId, jobIds[i] ?? null] as const)));
    const existing = new Map((await listActivities(trx, { messageId: id }, 1000)).map((a) => [a.checkId, a.id]));
    const affected = new Set<number>(existing.keys());
    for (const v of verdicts) {
      const activityId = existing.get(v.checkId);
      if (activityId !== undefined) {
        await updateActivityVerdict(trx, activityId, v.status, v.evaluation, parsed.subject);
        existing.delete(v.checkId);
      } else {
        await insertActivity(trx, { checkId: v.checkId, messageId: id, jobId: jobOfCheck.get(v.checkId) ?? null, status: v.status, receivedAt, subject: parsed.subject, evaluation: v.evaluation, createdAt: now });
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
