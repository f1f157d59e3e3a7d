/**
 * The status vocabulary: what a check, a report and a job can be, and which of
 * those are problems. It sits at the bottom of the import graph (it imports
 * nothing), so every feature and the console can take it.
 */

export const CHECK_STATUSES = ['pending', 'success', 'warning', 'failure', 'overdue'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** The statuses a report (a message) can give a check. */
export const REPORT_STATUSES = ['success', 'warning', 'failure'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * What a job's product said, in our words. `unknown`: the report was
 * recognised but says nothing we can trust (a language we do not read, cron's
 * output), so the check's rules decide.
 */
export const JOB_STATUSES = ['success', 'warning', 'failure', 'unknown'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses that call for someone's attention (and alerts). */
export const PROBLEM_STATUSES = ['failure', 'warning', 'overdue'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const isProblem = (status: string): status is ProblemStatus => (PROBLEM_STATUSES as readonly string[]).includes(status);

/** Failure is worse than warning, warning worse than success. */
const SEVERITY: Record<ReportStatus, number> = { success: 0, warning: 1, failure: 2 };

export function worstStatus(statuses: ReportStatus[]): ReportStatus | null {
  let worst: ReportStatus | null = null;
  for (const s of statuses) if (worst === null || SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/** A job's status as a report's: `unknown` says nothing. */
export const reportStatusOf = (status: JobStatus | null): ReportStatus | null => (status === null || status === 'unknown' ? null : status);
