/**
 * Comet's words, imported as they are by the server and the console alike
 * (this file imports nothing, so the console's bundle can take it).
 */

/** The statuses Comet gives a job, as its reports write them. */
export const COMET_STATUSES = ['Success', 'Warning', 'Error', 'Timeout', 'Quota Exceeded', 'Missed', 'Cancelled', 'Skipped', 'Abandoned', 'Running'] as const;
export type CometStatus = (typeof COMET_STATUSES)[number];

/** Comet's job classifications, named as its reports name them. */
export const COMET_JOB_TYPES = ['Backup', 'Restore', 'Retention', 'Unlock', 'Delete', 'Remeasure', 'Update', 'Import', 'Reindex', 'Deep Verify', 'Uninstall', 'Unknown'] as const;
export type CometJobType = (typeof COMET_JOB_TYPES)[number];

/** How each Comet status becomes one of ours; an organization setting whose default is this. */
export type CometStatusMap = Record<CometStatus, 'success' | 'warning' | 'failure'>;

export const DEFAULT_COMET_STATUS_MAP: CometStatusMap = {
  Success: 'success',
  Warning: 'warning',
  Error: 'failure',
  Timeout: 'failure',
  'Quota Exceeded': 'failure',
  Missed: 'failure',
  Abandoned: 'failure',
  Cancelled: 'warning',
  Skipped: 'warning',
  // A job still running has not succeeded yet: it must not read as fine.
  Running: 'warning',
};

/** The fields rules can test, by their rule field names. */
export const COMET_RULE_FIELDS = ['comet.username', 'comet.device', 'comet.protectedItem', 'comet.vault', 'comet.status', 'comet.type'] as const;
export type CometRuleField = (typeof COMET_RULE_FIELDS)[number];
