import type { Db } from '../../db/database.js';
import type { CheckFacts, Evaluation } from '../evaluation/evaluation.models.js';
import { type AnomalySettings, detectAnomalies, type JobMeasures, resolveAnomalySettings } from './comet.anomalies.js';
import type { CometJob } from './comet.models.js';
import { completedJobsOfCheck } from './comet.repository.js';
import type { ReportStatus } from '../../shared/status.js';

const measures = (j: { totalSize: number | null; files: number | null; durationSeconds: number | null; uploaded: number | null }): JobMeasures => ({
  totalSize: j.totalSize,
  files: j.files,
  durationSeconds: j.durationSeconds,
  uploaded: j.uploaded,
});

/**
 * A backup job that succeeded but whose figures are off against the check's
 * history (size or file count fell, it took far longer, nothing was uploaded)
 * is a warning, with the reasons in words. The settings are the organization's,
 * under the check's group's, under the check's own.
 */
export async function anomalyVerdict(
  trx: Db,
  org: AnomalySettings,
  check: Pick<CheckFacts, 'id' | 'anomalyLayers'>,
  jobId: number,
  job: CometJob,
  verdict: { status: ReportStatus; evaluation: Evaluation },
): Promise<{ status: ReportStatus; evaluation: Evaluation }> {
  if (job.type !== 'Backup' || verdict.status !== 'success') return verdict;
  const settings = resolveAnomalySettings(org, ...check.anomalyLayers);
  const history = await completedJobsOfCheck(trx, check.id, jobId, Math.max(settings.history, settings.noUploadJobs ?? 0));
  const anomalies = detectAnomalies(measures(job), history, settings);
  if (!anomalies.length) return verdict;
  return {
    status: 'warning',
    evaluation: { ...verdict.evaluation, statusSource: 'anomaly', reasons: [...(verdict.evaluation.reasons ?? []), ...anomalies.map((a) => a.reason)] },
  };
}
