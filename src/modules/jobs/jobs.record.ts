import type { Db } from '../../db/database.js';
import { recordReport } from '../activities/activities.record.js';
import type { Alerting } from '../alerts/alerts.raise.js';
import { loadCheckFacts, loadEvaluableCheck } from '../evaluation/evaluation.catalog.js';
import { type CheckFacts, type ReportVerdict, verdictOf } from '../evaluation/evaluation.models.js';
import type { ReportFormat, StoredJob } from '../formats/formats.models.js';
import type { FormatSettings } from '../formats/formats.settings.js';
import type { RuleFields } from '../rules/rules.evaluate.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';
import { anomalyVerdict, rpoVerdict } from './jobs.anomaly-check.js';
import { claimForJob } from './jobs.discovery.js';
import { inferSchedule } from './jobs.schedule.js';
import type { JobSettings } from './jobs.settings.js';

export interface JobReport {
  format: ReportFormat;
  /** The job's key (`<format>:<parts>`), or null when it has none. */
  key: string | null;
  stored: StoredJob;
  /** The checks whose rules claimed the report (before the job itself is looked at). */
  verdicts: ReportVerdict[];
  /** The report as rules see it (only discovery needs it, to judge a check it claims or makes). */
  fields: () => RuleFields;
  messageId: number | null;
  receivedAt: string;
  subject: string;
  text: string;
  /** An email's senders, for discovery's sender patterns; null for another input. */
  senders: string[] | null;
  /** Sent to the bare inbox (a webhook event counts as such): only then may the job claim it. */
  throughInbox: boolean;
}

export interface RecordedActivity {
  id: number;
  checkId: number;
  status: string;
}

export interface RecordDeps {
  alerting: Alerting;
  jobs: JobSettings;
  format: FormatSettings;
}

/**
 * Records what a job's report means for checks, in the ingesting transaction:
 * the checks whose rules claimed it, else the check the job stands for
 * (discovered now if need be). A job another input already told of gave its
 * activity then: the report is attached to it, and nothing is counted or
 * alerted twice. A successful backup whose figures are off is a warning, a job
 * that is no success past the check's RPO says so, and a discovered check's
 * schedule is inferred as reports come.
 */
export async function recordJobReports(trx: Db, deps: RecordDeps, r: JobReport): Promise<{ activities: RecordedActivity[]; claimed: boolean; checksChanged: boolean }> {
  const { stored } = r;
  let checksChanged = stored.checksChanged;
  let verdicts = r.verdicts;
  let claimedCheck: CheckFacts | null = null;
  // Mail to an address no check owns (an old or mistyped alias) stays unmatched, as any mail would.
  if (!verdicts.length && r.throughInbox) {
    const at = new Date(r.receivedAt);
    const discovery = { clock: { now: () => at }, timezone: deps.alerting.timezone, settings: deps.format };
    const claim = await claimForJob(trx, discovery, r.format, stored.job, r.key, r.senders);
    const check = claim && (await loadEvaluableCheck(trx, claim.checkId));
    if (check) {
      checksChanged ||= claim.created;
      claimedCheck = check;
      verdicts = [verdictOf(check, r.fields(), r.format.id)];
    }
  }
  const activities: RecordedActivity[] = [];
  for (const v of verdicts) {
    const earlier = stored.activities.get(v.checkId);
    if (earlier !== undefined) {
      if (r.messageId !== null) await trx.updateTable('activities').set({ message_id: r.messageId }).where('id', '=', earlier).where('message_id', 'is', null).execute();
      continue;
    }
    // The catalog learns of an inferred schedule within a second; a report right after it must not undo it.
    const check = v.check.infersSchedule && v.check !== claimedCheck ? ((await loadCheckFacts(trx, v.checkId)) ?? v.check) : v.check;
    const judged = await anomalyVerdict(trx, deps.jobs, check, stored.id, stored.job, v);
    const { status, evaluation } = await rpoVerdict(trx, deps.jobs, check, r.receivedAt, judged);
    const id = await recordReport(trx, deps.alerting, {
      activity: { checkId: v.checkId, messageId: r.messageId, jobId: stored.id, status, receivedAt: r.receivedAt, subject: r.subject, evaluation, createdAt: r.receivedAt },
      next: expectationAfterReport(check.schedule, check.paused, new Date(r.receivedAt), deps.alerting.timezone),
      text: r.text,
      keyLines: stored.job.keyLines,
    });
    const settings = { timezone: deps.alerting.timezone, settings: deps.jobs, now: r.receivedAt };
    if (check.infersSchedule) checksChanged = (await inferSchedule(trx, settings, check, new Date(r.receivedAt))) || checksChanged;
    activities.push({ id, checkId: v.checkId, status });
  }
  return { activities, claimed: verdicts.length > 0, checksChanged };
}
