import type { StatusSource } from '../evaluation/evaluation.models.js';
import type { Check } from '../checks/checks.models.js';
import type { CheckStatus } from '../../shared/status.js';

/** What a message says about the check it concerns. */
export type CheckIdentity = Pick<Check, 'id' | 'name' | 'group' | 'labels' | 'description' | 'assetId'>;

/** What a notification is about: a problem, the end of one, or a test from the API. */
export const ALERT_EVENTS = ['alert', 'restore', 'test'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/**
 * Everything a message about one event may say, frozen when the event happens
 * (so a retry hours later still tells what was true then). Templates see exactly
 * this; the README documents it.
 */
export interface AlertView {
  event: AlertEvent;
  status: CheckStatus;
  statusLabel: string;
  previousStatus: CheckStatus;
  previousStatusLabel: string;
  /** True for an overdue alert: no report came. */
  overdue: boolean;
  check: CheckIdentity & {
    /** The check in the console (BACKWATCH_PUBLIC_URL). */
    url: string;
  };
  activity: {
    id: number | null;
    messageId: number | null;
    /** ISO-8601 UTC. */
    at: string;
    /** The same instant in the organization's time zone, for people. */
    time: string;
    subject: string;
  };
  /** What decided the status: a status group, `default` when none matched, `comet` (the report's own status) or `anomaly`; null for overdue and tests. */
  statusSource: StatusSource | null;
  /** No status rule matched: the check's default status applied. */
  byDefault: boolean;
  /** Why, in words, beyond the rules: the Comet status, an unreadable report, an anomaly in the job's figures. */
  reasons: string[];
  /** The rules that decided the status (for failures: which rule fired). */
  rulesFired: { group: string; field: string; operator: string; value: string; text: string }[];
  /** The job's key lines ("Status: Error", "Protected Item: …") from the report. */
  keyLines: string[];
  /** For overdue alerts: when the missed report was expected. */
  expectedAt: string | null;
  expectedTime: string | null;
  timezone: string;
}

export const STATUS_LABELS: Record<CheckStatus, string> = {
  pending: 'Pending',
  success: 'Success',
  warning: 'Warning',
  failure: 'Failure',
  overdue: 'Overdue',
};
