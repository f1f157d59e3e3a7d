/** Comet's words as the API uses them: statuses, job types, the rule fields of a parsed report, and a job's shape. */

export const COMET_STATUSES = ['Success', 'Warning', 'Error', 'Timeout', 'Quota Exceeded', 'Missed', 'Cancelled', 'Skipped', 'Abandoned', 'Running'] as const;
export type CometStatus = (typeof COMET_STATUSES)[number];

/** The server's default mapping, for when the organization's cannot be read. */
export const DEFAULT_STATUS_MAP: Record<CometStatus, 'success' | 'warning' | 'failure'> = {
  Success: 'success',
  Warning: 'warning',
  Error: 'failure',
  Timeout: 'failure',
  'Quota Exceeded': 'failure',
  Missed: 'failure',
  Abandoned: 'failure',
  Cancelled: 'warning',
  Skipped: 'warning',
  Running: 'warning',
};

export const COMET_JOB_TYPES = ['Backup', 'Restore', 'Retention', 'Unlock', 'Delete', 'Remeasure', 'Update', 'Import', 'Reindex', 'Deep Verify', 'Uninstall', 'Unknown'] as const;

export const COMET_RULE_FIELDS = ['comet.username', 'comet.device', 'comet.protectedItem', 'comet.vault', 'comet.status', 'comet.type'] as const;

export const COMET_FIELD_LABELS: Record<(typeof COMET_RULE_FIELDS)[number], string> = {
  'comet.username': 'Comet username',
  'comet.device': 'Comet device',
  'comet.protectedItem': 'Comet protected item',
  'comet.vault': 'Comet storage vault',
  'comet.status': 'Comet status',
  'comet.type': 'Comet job type',
};

/** The figures of one job, as a check's `comet.lastJob` and GET /jobs/{id} both give them. */
export interface JobFigures {
  type: string | null;
  cometStatus: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  totalSize: number | null;
  files: number | null;
  uploaded: number | null;
  durationSeconds: number | null;
}

/** A check's Comet protected item (GET /checks/{id} `comet`). */
export interface CheckComet {
  username: string | null;
  device: string | null;
  protectedItem: string | null;
  vault: string | null;
  clientVersion: string | null;
  newestClientVersion: string | null;
  outdated: boolean;
  lastJob: JobFigures & { id: number };
}

/** GET /jobs/{id}. */
export interface CometJob extends JobFigures {
  id: number;
  source: 'email' | 'webhook' | 'email+webhook';
  messageId: number | null;
  checkIds: number[];
  username: string | null;
  statusText: string | null;
  protectedItem: string | null;
  vault: string | null;
  device: string | null;
  clientVersion: string | null;
  directories: number | null;
  downloaded: number | null;
  problems: string[];
  namesKnown: boolean;
  log?: { at: string | null; text: string }[];
}

/** The tooltip of the "Outdated" badge. */
export const outdatedText = (c: Pick<CheckComet, 'clientVersion' | 'newestClientVersion'>) =>
  `Runs Comet ${c.clientVersion ?? '(unknown version)'}; the newest client seen on this server is ${c.newestClientVersion ?? '(unknown)'}`;
