import type { Db } from '../../db/database.js';
import { worstStatus, type ReportStatus } from '../../shared/status.js';
import type { CheckFacts, Evaluation } from '../evaluation/evaluation.models.js';
import type { ReportJob } from '../formats/formats.models.js';
import { detectAnomalies, resolveAnomalySettings } from './jobs.anomalies.js';
import { completedJobsOfCheck } from './jobs.repository.js';
import type { JobSettings, JobSettingsOverrides } from './jobs.settings.js';

type JobVerdict = { status: ReportStatus; evaluation: Evaluation };

/** Anomalies measure backups: a restore, a verify or a cron job has no figures to compare. */
const isBackup = (job: ReportJob) => job.type === null || /backup/i.test(job.type);

/**
 * A backup that succeeded but whose figures are off against the check's
 * history (size or file count fell, it took far longer, nothing was uploaded,
 * nothing was protected at all) is a warning, with the reasons in words. The
 * settings are the organization's, under the check's group's, under the check's own.
 */
export async function anomalyVerdict(trx: Db, org: JobSettings, check: Pick<CheckFacts, 'id' | 'anomalyLayers'>, jobId: number, job: ReportJob, verdict: JobVerdict): Promise<JobVerdict> {
  if (!isBackup(job) || verdict.status !== 'success') return verdict;
  const settings = resolveAnomalySettings(org.anomalies, ...check.anomalyLayers);
  const history = await completedJobsOfCheck(trx, check.id, jobId, job.type ?? '', Math.max(settings.history, settings.noUploadJobs ?? 0));
  const measures = { totalSize: job.sizeBytes, files: job.files, durationSeconds: job.durationSeconds, uploaded: job.transferredBytes, objects: job.objects };
  const anomalies = detectAnomalies(measures, history, settings);
  if (!anomalies.length) return verdict;
  return {
    status: 'warning',
    evaluation: { ...verdict.evaluation, statusSource: 'anomaly', reasons: [...(verdict.evaluation.reasons ?? []), ...anomalies.map((a) => a.reason)] },
  };
}

/** The check's RPO in days: its own, else its group's, else the organization's; null when none is set. */
export function rpoDaysOf(org: JobSettings, layers: JobSettingsOverrides[]): number | null {
  let days = org.rpoDays;
  for (const layer of layers) if (typeof layer.rpoDays === 'number') days = layer.rpoDays;
  return days;
}

const DAY = 86_400_000;

/**
 * A job that is no success, for a check whose last success is older than its
 * RPO: at least a warning, and the reason says how long there has been no good
 * backup (failures keep arriving, but that is what the RPO is about).
 */
export async function rpoVerdict(trx: Db, org: JobSettings, check: Pick<CheckFacts, 'id' | 'anomalyLayers'>, receivedAt: string, verdict: JobVerdict): Promise<JobVerdict> {
  const days = rpoDaysOf(org, check.anomalyLayers);
  if (days === null || verdict.status === 'success') return verdict;
  const row = await trx.selectFrom('checks').select(['last_success_at', 'created_at']).where('id', '=', check.id).executeTakeFirst();
  if (!row) return verdict;
  const since = row.last_success_at ?? row.created_at;
  const age = Date.parse(receivedAt) - Date.parse(since);
  if (age <= days * DAY) return verdict;
  const whole = Math.floor(age / DAY);
  const reason = row.last_success_at
    ? `No successful backup for ${whole} ${whole === 1 ? 'day' : 'days'} (the last on ${since.slice(0, 10)}; the RPO is ${days} ${days === 1 ? 'day' : 'days'})`
    : `No successful backup since the check was created ${whole} ${whole === 1 ? 'day' : 'days'} ago (the RPO is ${days} ${days === 1 ? 'day' : 'days'})`;
  const status = worstStatus([verdict.status, 'warning'])!;
  const evaluation = { ...verdict.evaluation, reasons: [...(verdict.evaluation.reasons ?? []), reason] };
  return { status, evaluation: status === verdict.status ? evaluation : { ...evaluation, statusSource: 'rpo' } };
}
