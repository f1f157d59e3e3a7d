import type { Criteria, CriteriaMode, Rule } from '../rules/rules.models.js';
import type { Schedule } from '../schedule/schedule.models.js';
import type { NotificationOverrides } from '../alerts/alerts.options.js';
import type { CheckStatus, ReportStatus } from '../../shared/status.js';
import type { AnomalyOverrides } from '../jobs/jobs.anomalies.js';

export interface Matching {
  useAddress: boolean;
  mode: CriteriaMode;
  condenseWhitespace: boolean;
  combineAttachments: boolean;
  rules: Rule[];
}

export interface StatusRules {
  default: ReportStatus;
  /** Take a Comet report's own status (mapped per the organization's Comet settings) as a status rule. */
  comet: boolean;
  success: Criteria | null;
  warning: Criteria | null;
  failure: Criteria | null;
}


export interface Check {
  id: number;
  name: string;
  group: string | null;
  labels: string[];
  description: string;
  assetId: string | null;
  alias: string;
  paused: boolean;
  matching: Matching;
  statusRules: StatusRules;
  schedule: Schedule;
  status: CheckStatus;
  statusSince: string | null;
  lastActivityAt: string | null;
  /** When the next report is expected (null when nothing is awaited). */
  nextDueAt: string | null;
  /** When the check goes overdue if that report does not come. */
  overdueAt: string | null;
  /** Per-customer settings for ticketing systems; the group's apply where the check has none. */
  ticketFields: Record<string, string>;
  notifications: {
    channelIds: number[];
    /** Channels the check gets from its group. */
    groupChannelIds: number[];
    /** The check's own notification options; the rest follow the organization defaults. */
    overrides: NotificationOverrides;
  };
  /** `manual`, or the id of the report format whose discovery created the check (`comet`, `veeam`…). */
  origin: string;
  /** The job behind the check's newest report, when a report format read one: its product, tenant, device and item. */
  job: CheckJob | null;
  /** The same for a Comet job, in Comet's words (kept for clients written before every format had jobs). */
  comet: CheckComet | null;
  /** Who chose the schedule: nobody yet (`default`), a person, or the suggestion from the observed arrivals. */
  scheduleSetBy: 'default' | 'user' | 'suggestion';
  scheduleSuggestion: StoredScheduleSuggestion | null;
  /** The check's own anomaly settings over its group's and the organization's. */
  anomalies: AnomalyOverrides;
  /** The check's own RPO in days (null: its group's, else the organization's). */
  rpoDays: number | null;
  /** When a report last gave the check success. */
  lastSuccessAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CheckComet {
  username: string | null;
  device: string | null;
  protectedItem: string | null;
  vault: string | null;
  clientVersion: string | null;
  /** The newest client version any job on this server reported. */
  newestClientVersion: string | null;
  /** The device runs an older client than the newest seen on this server. */
  outdated: boolean;
  lastJob: {
    id: number;
    type: string | null;
    cometStatus: string | null;
    startedAt: string | null;
    stoppedAt: string | null;
    totalSize: number | null;
    files: number | null;
    uploaded: number | null;
    durationSeconds: number | null;
  };
}

export interface CheckJob {
  format: string;
  product: string | null;
  tenant: string | null;
  device: string | null;
  item: string | null;
  version: string | null;
  /** The newest version any job of this format reported. */
  newestVersion: string | null;
  /** The device runs an older version than the newest seen. */
  outdated: boolean;
  lastJob: {
    id: number;
    type: string | null;
    status: string | null;
    statusText: string | null;
    startedAt: string | null;
    stoppedAt: string | null;
    sizeBytes: number | null;
    transferredBytes: number | null;
    files: number | null;
    objects: number | null;
    durationSeconds: number | null;
  };
}

export interface StoredScheduleSuggestion {
  schedule: Schedule;
  basedOn: number;
  reason: string;
  at: string;
}

export { ALIAS_PATTERN, checkAddress, makeAlias, MAX_ALIAS_LENGTH, uniqueAlias } from './checks.alias.js';
