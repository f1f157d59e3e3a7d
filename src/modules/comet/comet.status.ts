import type { CometReading } from '../rules/rules.models.js';
import type { CometJob, CometStatusMap } from './comet.models.js';

/**
 * What a Comet job's own status says, through the organization's mapping. A
 * report that could not be fully read is at best a warning, never a silent
 * success, and one without a readable status says nothing (the check's default
 * then applies); either way the reasons say why.
 */
export function readCometJob(job: CometJob, map: CometStatusMap): CometReading {
  const reasons: string[] = [];
  let status = job.status ? map[job.status] : null;
  if (job.status === null) reasons.push('The Comet report has no status that could be read');
  else if (status !== 'success') reasons.push(`Comet reported ${job.statusText ?? job.status}`);
  const unread = unreadReason(job);
  if (unread) {
    reasons.push(unread);
    if (status === 'success') status = 'warning';
  }
  return { job, verdict: { status, reasons } };
}

/** Why a Comet report that could not be fully read is no success, or null when it could. */
export const unreadReason = (job: CometJob) => (job.problems.length ? `The Comet report could not be fully read: ${job.problems.join('; ')}` : null);
