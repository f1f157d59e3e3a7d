import { DateTime } from 'luxon';
import type { MatchedRule } from '../evaluation/evaluation.models.js';
import { type AlertEvent, type AlertView, type CheckIdentity, STATUS_LABELS } from './alerts.models.js';
import type { CheckStatus } from '../../shared/status.js';
import { ruleFieldLabel } from '../formats/formats.registry.js';

const OPERATOR_WORDS: Record<string, string> = {
  contains: 'contains',
  notContains: 'does not contain',
  equals: 'equals',
  startsWith: 'starts with',
  endsWith: 'ends with',
  regex: 'matches',
};

const KEY_LINE = /^\s*([A-Z][\w ./()'-]{0,39}):\s+(\S.{0,200})$/;
const MAX_KEY_LINES = 12;

/** The "Label: value" lines of a report (Comet's Status, Protected Item, Storage Vault…), the ones people scan for. */
export function keyLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (KEY_LINE.test(line)) lines.push(line.trim());
    if (lines.length >= MAX_KEY_LINES) break;
  }
  return lines;
}

export const localTime = (iso: string, zone: string) => `${DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('yyyy-LL-dd HH:mm')} ${zone}`;

export interface AlertFacts {
  event: AlertEvent;
  status: CheckStatus;
  previousStatus: CheckStatus;
  check: CheckIdentity;
  activity: { id: number | null; messageId: number | null; at: string; subject: string };
  matchedRules: MatchedRule[];
  statusSource: AlertView['statusSource'];
  reasons: string[];
  text: string;
  /** The lines a report format found worth reading first (errors, warnings); else the report's "Label: value" lines. */
  keyLines?: string[];
  expectedAt: string | null;
  timezone: string;
  publicUrl: string;
}

export function buildAlertView(f: AlertFacts): AlertView {
  return {
    event: f.event,
    status: f.status,
    statusLabel: STATUS_LABELS[f.status],
    previousStatus: f.previousStatus,
    previousStatusLabel: STATUS_LABELS[f.previousStatus],
    overdue: f.status === 'overdue',
    check: { ...f.check, url: `${f.publicUrl.replace(/\/+$/, '')}/checks/${f.check.id}` },
    activity: { ...f.activity, time: localTime(f.activity.at, f.timezone) },
    statusSource: f.statusSource,
    byDefault: f.statusSource === 'default',
    reasons: f.reasons,
    rulesFired: f.matchedRules
      .filter((r) => r.group !== 'matching')
      .map((r) => ({
        group: r.group,
        field: r.field,
        operator: r.operator,
        value: r.value,
        text: `${ruleFieldLabel(r.field)} ${OPERATOR_WORDS[r.operator] ?? r.operator} "${r.value}"`,
      })),
    keyLines: f.keyLines?.length ? f.keyLines.slice(0, MAX_KEY_LINES) : keyLines(f.text),
    expectedAt: f.expectedAt,
    expectedTime: f.expectedAt ? localTime(f.expectedAt, f.timezone) : null,
    timezone: f.timezone,
  };
}

/** A test message's view: no check behind it (id 0), sent at `at`. */
export function testAlertView(name: string, at: Date, timezone: string, publicUrl: string): AlertView {
  return buildAlertView({
    event: 'test',
    status: 'success',
    previousStatus: 'success',
    check: { id: 0, name, group: null, labels: [], description: '', assetId: null },
    activity: { id: null, messageId: null, at: at.toISOString(), subject: '' },
    matchedRules: [],
    statusSource: null,
    reasons: [],
    text: '',
    expectedAt: null,
    timezone,
    publicUrl,
  });
}
