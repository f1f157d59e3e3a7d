import { type ReportStatus, reportStatusOf } from '../../shared/status.js';
import type { ReportJob } from '../formats/formats.models.js';

/** Why a report that could not be fully read is no success, or null when it could. */
export const unreadReason = (product: string, job: Pick<ReportJob, 'problems'>) =>
  job.problems.length ? `The ${product} report could not be fully read: ${job.problems.join('; ')}` : null;

/**
 * What a job's own status says. A report that could not be fully read is at
 * best a warning, never a silent success; one in words we cannot read
 * (`unknown`) is a warning when it says why, and says nothing otherwise (cron
 * tells no status: the check's rules decide); one without a readable status
 * says nothing (the check's default then applies). The reasons say why.
 */
export function jobVerdict(product: string, job: ReportJob): { status: ReportStatus | null; reasons: string[] } {
  const reasons: string[] = [];
  let status = reportStatusOf(job.status);
  if (job.status === null) reasons.push(`The ${product} report has no status that could be read`);
  else if (status !== null && status !== 'success') reasons.push(`${product} reported ${job.statusText ?? job.status}`);
  const unread = unreadReason(product, job);
  if (unread) {
    reasons.push(unread);
    if (status === 'success' || job.status === 'unknown') status = 'warning';
  }
  return { status, reasons };
}
