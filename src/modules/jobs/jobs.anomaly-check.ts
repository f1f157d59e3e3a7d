import type { Db } from '../../db/database.js';
import { worstStatus, type ReportStatus } from '../../shared/status.js';
import type { CheckFacts, Evaluation } from '../evaluation/evaluation.models.js';
import type { ReportJob } from '../formats/formats.models.js';
import { detectAnomalies, resolveAnomalySettings } from './jobs.anomalies.js';
import { completedJobsOfCheck } from './jobs.repository.js';
import { rpoBreach, rpoDaysOf } from './jobs.rpo.models.js';
import type { JobSettings } from './jobs.settings.js';

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

/**
 * A job that is no success, for a check whose last success is older than its
 * RPO: at least a warning, and the reason says how long there has been no good
 * backup (failures keep arriving, but that is what the RPO is about).
 */
export async function rpoVerdict(trx: Db, org: JobSettings, check: Pick<CheckFacts, 'id' | 'anomalyLayers'>, receivedAt: string, verdict: JobVerdict): Promise<JobVerdict> {
  const days = rpoDaysOf(org, check.anomalyLayers);
  if (days === null || verdict.status === 'success') return verdict;
  const row = await trx.selectFrom('checks').select(['last_success_at as lastSuccessAt', 'created_at as createdAt']).where('id', '=', check.id).executeTakeFirst();
  const reason = row && rpoBreach(days, row, receivedAt);
  if (!reason) return verdict;
  const status = worstStatus([verdict.status, 'warning'])!;
  const evaluation = { ...verdict.evaluation, reasons: [...(verdict.evaluation.reasons ?? []), reason] };
  return { status, evaluation: status === verdict.status ? evaluation : { ...evaluation, statusSource: 'rpo' } };
}
