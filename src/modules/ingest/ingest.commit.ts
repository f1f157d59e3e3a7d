import type { Db } from '../../db/database.js';
import { recordReport } from '../activities/activities.record.js';
import { type AlertingSettings, alertingOf } from '../alerts/alerts.raise.js';
import { storeEmailJob } from '../comet/comet.jobs.js';
import type { CometJob } from '../comet/comet.models.js';
import type { StoredLog } from '../comet/comet.repository.js';
import { recordJobReports } from '../comet/comet.reports.js';
import type { CometSettings } from '../comet/comet.settings.js';
import { readCometJob } from '../comet/comet.status.js';
import type { ReportVerdict } from '../evaluation/evaluation.models.js';
import { ruleSubject } from '../evaluation/evaluation.subject.js';
import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import { insertMessage, setMatched } from '../messages/messages.repository.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';

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
  /** The Comet job the message reports, if it is a Comet report (its log apart, in `log`). */
  job: CometJob | null;
  /** The job's log, as stored. */
  log: StoredLog;
  verdicts: ReportVerdict[];
  /** Sent to the bare inbox: only then may a Comet report's protected item claim it. */
  throughInbox: boolean;
}

export interface IngestOutcome {
  messageId: number;
  jobId: number | null;
  activities: { id: number; checkId: number; status: string }[];
  problems: string[];
  /** Checks were created, renamed or rescheduled (Comet discovery). */
  checksChanged: boolean;
  /** Deliveries were queued: the delivery worker has something to send once this is committed. */
  alertsQueued: boolean;
}

/** What the writer needs to know beyond the plan: settings that live in the main thread's memory. */
export interface WriterSettings {
  alerting: AlertingSettings;
  comet: CometSettings;
  webhooksSeen: boolean;
}

/**
 * Stores one message with its evaluation in the caller's transaction: the
 * message, its Comet job (finding or making the check its protected item stands
 * for), an activity per check it belongs to, and each check's new status,
 * schedule and alerts.
 */
export async function commitReport(trx: Db, settings: WriterSettings, plan: IngestPlan, compressedRaw: Buffer): Promise<IngestOutcome> {
  const { parsed, envelope, receivedAt, job, verdicts } = plan;
  let alertsQueued = false;
  const alerting = alertingOf(settings.alerting, () => (alertsQueued = true));
  const messageId = await insertMessage(trx, { receivedAt, envelope, parsed, size: plan.raw.length, matched: verdicts.length > 0, compressedRaw });
  if (job) {
    const stored = await storeEmailJob(trx, job, messageId, receivedAt, settings.webhooksSeen, plan.log);
    const r = await recordJobReports(trx, { alerting, settings: settings.comet }, {
      stored,
      verdicts,
      fields: () => new RuleFields(ruleSubject(parsed, envelope, readCometJob(job, settings.comet.statusMap))),
      messageId,
      receivedAt,
      subject: parsed.subject,
      text: parsed.text,
      senders: [envelope.mailFrom, ...parsed.from.map((a) => a.address)].filter(Boolean),
      throughInbox: plan.throughInbox,
    });
    if (r.claimed && !verdicts.length) await setMatched(trx, messageId, true);
    return { messageId, jobId: stored.id, activities: r.activities, problems: parsed.problems, checksChanged: r.checksChanged, alertsQueued };
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
  return { messageId, jobId: null, activities, problems: parsed.problems, checksChanged: false, alertsQueued };
}
