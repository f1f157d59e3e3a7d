import type { CometJobType, CometRuleField, CometStatus } from './comet.vocabulary.js';

export {
  COMET_JOB_TYPES,
  COMET_RULE_FIELDS,
  COMET_STATUSES,
  type CometJobType,
  type CometRuleField,
  type CometStatus,
  type CometStatusMap,
  DEFAULT_COMET_STATUS_MAP,
} from './comet.vocabulary.js';

export interface CometLogLine {
  /** When the line was written (ISO-8601 UTC), when its time could be read. */
  at: string | null;
  text: string;
}

/** Identifiers that only Comet's webhook events carry. */
export interface CometJobIds {
  jobGuid: string | null;
  deviceId: string | null;
  sourceGuid: string | null;
  vaultGuid: string | null;
  /** The event's OwnerOrganizationID: the tenant on a multi-tenant Comet server. */
  tenant: string | null;
}

/**
 * One Comet job as read from an email report or a webhook event. A field that
 * could not be read is null, and `problems` says why in words.
 */
export interface CometJob {
  username: string | null;
  type: CometJobType | null;
  status: CometStatus | null;
  /** The status as the report wrote it ("Skipped (already running)"), for display. */
  statusText: string | null;
  /** ISO-8601 UTC instants. */
  startedAt: string | null;
  stoppedAt: string | null;
  protectedItem: string | null;
  vault: string | null;
  device: string | null;
  clientVersion: string | null;
  directories: number | null;
  files: number | null;
  /** Bytes (Comet's KB, MB, GB, TB are 1024-based). */
  totalSize: number | null;
  uploaded: number | null;
  downloaded: number | null;
  /** stoppedAt − startedAt, in seconds, when both are known. */
  durationSeconds: number | null;
  log: CometLogLine[];
  /** What could not be read ("Total Size: \"12 XB\" is not a size"); empty for a clean report. */
  problems: string[];
  ids: CometJobIds;
}

export const NO_IDS: CometJobIds = { jobGuid: null, deviceId: null, sourceGuid: null, vaultGuid: null, tenant: null };

export function cometFieldValue(job: CometJob, field: CometRuleField): string | null {
  switch (field) {
    case 'comet.username':
      return job.username;
    case 'comet.device':
      return job.device;
    case 'comet.protectedItem':
      return job.protectedItem;
    case 'comet.vault':
      return job.vault;
    case 'comet.status':
      return job.status;
    case 'comet.type':
      return job.type;
  }
}
