import type { Db } from '../../db/database.js';
import { recordReport } from '../activities/activities.record.js';
import { type AlertingSettings, alertingOf } from '../alerts/alerts.raise.js';
import type { ReportVerdict } from '../evaluation/evaluation.models.js';
import { ruleSubject } from '../evaluation/evaluation.subject.js';
import type { ReportFormat, ReportJob, StoredJob } from '../formats/formats.models.js';
import { formatById } from '../formats/formats.registry.js';
import type { FormatSettings } from '../formats/formats.settings.js';
import { jobReading } from '../jobs/jobs.reading.js';
import { recordJobReports, type RecordedActivity } from '../jobs/jobs.record.js';
import { insertReportJob } from '../jobs/jobs.store.js';
import type { StoredLog } from '../jobs/jobs.repository.js';
import type { JobSettings } from '../jobs/jobs.settings.js';
import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import { insertMessage, setMatched } from '../messages/messages.repository.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';

/** A job a report format read from the message, with the checks whose rules claim it. */
export interface PlannedJob {
  /** Its log apart, in the plan's `logs`. */
  job: ReportJob;
  key: string | null;
  verdicts: ReportVerdict[];
}

/**
 * A received message once it has been read and judged: everything the writer
 * stores for it, as plain data (it crosses to the database thread).
 */
export interface IngestPlan {
  receivedAt: string;
  envelope: Envelope;
  parsed: ParsedMessage;
  /** The original bytes. */
  raw: Uint8Array;
  /** The report format that read jobs from the message, or null. */
  format: string | null;
  jobs: PlannedJob[];
  /** The jobs' logs as stored, in the order of `jobs` (apart, as they can be long). */
  logs: StoredLog[];
  /** The checks the message belongs to, when no format read a job from it. */
  verdicts: ReportVerdict[];
  /** Sent to the bare inbox: only then may a job claim it for the check it stands for. */
  throughInbox: boolean;
}

export interface IngestOutcome {
  messageId: number;
  /** The first job read from the message (null for none), and all of them. */
  jobId: number | null;
  jobIds: number[];
  activities: RecordedActivity[];
  problems: string[];
  /** Checks were created, renamed or rescheduled (discovery). */
  checksChanged: boolean;
  /** Deliveries were queued: the delivery worker has something to send once this is committed. */
  alertsQueued: boolean;
}

/** What the writer needs to know beyond the plan: settings that live in the main thread's memory. */
export interface WriterSettings {
  alerting: AlertingSettings;
  jobs: JobSettings;
  /** Each format's settings, by id. */
  formats: Record<string, FormatSettings>;
  /** What each format's runtime tells its store hook (Comet: whether webhook events ever came). */
  formatState: Record<string, unknown>;
}

/** Every check a plan may touch: what the group commit locks first. */
export const checksOfPlan = (plan: IngestPlan) => [...plan.verdicts, ...plan.jobs.flatMap((j) => j.verdicts)].map((v) => v.checkId);

/**
 * Stores one message with its evaluation in the caller's transaction: the
 * message, the jobs a format read from it (finding or making the checks they
 * stand for), an activity per check it belongs to, and each check's new
 * status, schedule and alerts.
 */
export async function commitReport(trx: Db, settings: WriterSettings, plan: IngestPlan, compressedRaw: Buffer): Promise<IngestOutcome> {
  const { parsed, envelope, receivedAt, verdicts } = plan;
  let alertsQueued = false;
  const alerting = alertingOf(settings.alerting, () => (alertsQueued = true));
  const claimedByRules = verdicts.length > 0 || plan.jobs.some((j) => j.verdicts.length > 0);
  const messageId = await insertMessage(trx, { receivedAt, envelope, parsed, size: plan.raw.length, matched: claimedByRules, compressedRaw });
  const format = plan.format === null ? undefined : formatById(plan.format);
  if (format && plan.jobs.length) {
    const activities: RecordedActivity[] = [];
    const jobIds: number[] = [];
    let checksChanged = false;
    let claimed = false;
    for (const [i, planned] of plan.jobs.entries()) {
      const stored = await storeJob(trx, settings, format, planned, { messageId, receivedAt, log: plan.logs[i] ?? null });
      const r = await recordJobReports(trx, { alerting, jobs: settings.jobs, format: settings.formats[format.id]! }, {
        format,
        key: planned.key,
        stored,
        verdicts: planned.verdicts,
        fields: () => new RuleFields(ruleSubject(parsed, envelope, jobReading(format, planned.job))),
        messageId,
        receivedAt,
        subject: parsed.subject,
        text: parsed.text,
        senders: [envelope.mailFrom, ...parsed.from.map((a) => a.address)].filter(Boolean),
        throughInbox: plan.throughInbox,
      });
      jobIds.push(stored.id);
      activities.push(...r.activities);
      checksChanged ||= r.checksChanged;
      claimed ||= r.claimed;
    }
    if (claimed && !claimedByRules) await setMatched(trx, messageId, true);
    return { messageId, jobId: jobIds[0] ?? null, jobIds, activities, problems: parsed.problems, checksChanged, alertsQueued };
  }
  const activities = [];
  for (const v of verdicts) {
    const id = await recordReport(trx, alerting, {
      activity: { checkId: v.checkId, messageId, status: v.status, receivedAt, subject: parsed.subject, evaluation: v.evaluation, createdAt: receivedAt },
      next: expectationAfterReport(v.check.schedule, v.check.paused, new Date(receivedAt), alerting.timezone),
      text: parsed.text,
    });
    activities.push({ id, checkId: v.checkId, status: v.status });
  }
  return { messageId, jobId: null, jobIds: [], activities, problems: parsed.problems, checksChanged: false, alertsQueued };
}

function storeJob(trx: Db, settings: WriterSettings, format: ReportFormat, planned: PlannedJob, at: { messageId: number; receivedAt: string; log: StoredLog }): Promise<StoredJob> {
  const insert = () => insertReportJob(trx, format.id, planned.job, planned.key, { source: 'email', messageId: at.messageId, at: at.receivedAt, log: at.log });
  if (!format.store) return insert();
  return format.store(trx, planned.job, { ...at, state: settings.formatState[format.id], insert });
}
