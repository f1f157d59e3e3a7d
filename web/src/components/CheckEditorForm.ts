/**
 * The check editor's form: what the inputs hold, how a stored check becomes a
 * form, and how a form becomes the API's create body (which the test panel
 * sends too). Numbers stay text while edited, so an empty box means "not set"
 * and the API, not the console, says what is wrong with a value.
 */
import { type AnomalyOverrides, type CheckAnomaliesForm, checkAnomaliesBody, checkAnomaliesForm } from './Anomalies.js';
import type { CheckComet } from './Comet.js';
import type { CheckJob } from './Jobs.js';

export const RULE_OPERATORS = ['contains', 'notContains', 'equals', 'startsWith', 'endsWith', 'regex'] as const;
export const UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const PROBLEM_STATUSES = ['failure', 'warning', 'overdue'] as const;
export const STATUS_GROUPS = ['success', 'warning', 'failure'] as const;

export const OPERATOR_LABELS: Record<string, string> = {
  contains: 'Contains',
  notContains: 'Does not contain',
  equals: 'Equals',
  startsWith: 'Starts with',
  endsWith: 'Ends with',
  regex: 'Matches regex',
};
export const DAY_LABELS: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export interface RuleForm {
  /** A message field, a job field or a format's own (GET /formats). */
  field: string;
  operator: (typeof RULE_OPERATORS)[number];
  value: string;
  caseSensitive: boolean;
}

export interface CriteriaForm {
  mode: 'all' | 'any';
  rules: RuleForm[];
  condenseWhitespace: boolean;
  combineAttachments: boolean;
}

export type StatusGroup = (typeof STATUS_GROUPS)[number];

export interface ScheduleForm {
  type: 'unscheduled' | 'interval' | 'cron';
  every: string;
  unit: (typeof UNITS)[number];
  overdueAfterMinutes: string;
  timezone: string;
  useWindow: boolean;
  windowStart: string;
  windowEnd: string;
  windowTimezone: string;
  useActiveDays: boolean;
  activeDays: string[];
  cron: string;
  expectFirstReport: boolean;
}

/** Each option null (or '') follows the organization default. */
export interface NotificationsForm {
  channelIds: number[];
  alertOn: string[] | null;
  notifyOnRestore: boolean | null;
  repeat: 'every' | 'first' | 'interval' | null;
  repeatHours: string;
  graceMinutes: string;
  afterConsecutive: string;
  notifyOutsideWindow: boolean | null;
  /** Failure and warning notifications to users (by their personal settings); null follows the default (on). */
  notifyUsers: boolean | null;
  /** Only these users; null: every user authorized for the check. */
  userIds: number[] | null;
}

export interface CheckForm {
  name: string;
  group: string;
  labels: string[];
  description: string;
  assetId: string;
  alias: string;
  paused: boolean;
  schedule: ScheduleForm;
  matching: CriteriaForm & { useAddress: boolean };
  /** `comet`: the status of the report's job (any format's; named for Comet, the first) counts as a status rule. */
  status: { default: 'success' | 'warning' | 'failure'; comet: boolean } & Record<StatusGroup, CriteriaForm>;
  anomalies: CheckAnomaliesForm;
  notifications: NotificationsForm;
  ticketFields: { key: string; value: string }[];
}

export const newRule = (): RuleForm => ({ field: 'subject', operator: 'contains', value: '', caseSensitive: false });
export const newCriteria = (): CriteriaForm => ({ mode: 'all', rules: [], condenseWhitespace: true, combineAttachments: true });

export function emptyForm(): CheckForm {
  return {
    name: '',
    group: '',
    labels: [],
    description: '',
    assetId: '',
    alias: '',
    paused: false,
    schedule: {
      type: 'unscheduled',
      every: '1',
      unit: 'days',
      overdueAfterMinutes: '30',
      timezone: '',
      useWindow: false,
      windowStart: '',
      windowEnd: '',
      windowTimezone: '',
      useActiveDays: false,
      activeDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      cron: '',
      expectFirstReport: false,
    },
    matching: { ...newCriteria(), useAddress: true },
    status: { default: 'failure', comet: false, success: newCriteria(), warning: newCriteria(), failure: newCriteria() },
    anomalies: checkAnomaliesForm(),
    notifications: {
      channelIds: [],
      alertOn: null,
      notifyOnRestore: null,
      repeat: null,
      repeatHours: '',
      graceMinutes: '',
      afterConsecutive: '',
      notifyOutsideWindow: null,
      notifyUsers: null,
      userIds: null,
    },
    ticketFields: [],
  };
}

/** A check as GET /checks/{id} answers it. */
export interface StoredCheck {
  id: number;
  name: string;
  group: string | null;
  labels: string[];
  description: string;
  assetId: string | null;
  alias: string;
  address: string;
  paused: boolean;
  status: string;
  statusSince: string | null;
  lastActivityAt: string | null;
  nextDueAt: string | null;
  overdueAt: string | null;
  schedule: Record<string, any> & { type: ScheduleForm['type'] };
  matching: CriteriaForm & { useAddress: boolean };
  statusRules: { default: CheckForm['status']['default']; comet?: boolean } & Record<StatusGroup, CriteriaForm | null>;
  notifications: {
    channelIds: number[];
    groupChannelIds: number[];
    inherited: string[];
    alertOn: string[];
    notifyOnRestore: boolean;
    repeat: 'every' | 'first' | 'interval';
    repeatHours: number;
    graceMinutes: number;
    afterConsecutive: number;
    notifyOutsideWindow: boolean;
    notifyUsers: boolean;
    userIds: number[] | null;
  };
  ticketFields: Record<string, string>;
  /** `manual`, or the format whose discovery made the check. */
  origin?: string;
  job?: CheckJob | null;
  comet?: CheckComet | null;
  scheduleSetBy?: 'default' | 'user' | 'suggestion';
  scheduleSuggestion?: { schedule: StoredCheck['schedule']; basedOn: number; reason: string; at: string } | null;
  anomalies?: AnomalyOverrides;
}

const criteriaForm = (c: CriteriaForm | null | undefined): CriteriaForm => (c ? { ...newCriteria(), ...c, rules: c.rules.map((r) => ({ ...r })) } : newCriteria());

export function formFromCheck(check: StoredCheck): CheckForm {
  const base = emptyForm();
  const s = check.schedule;
  const n = check.notifications;
  const own = <T>(key: string, value: T): T | null => (n.inherited.includes(key) ? null : value);
  const ownText = (key: string, value: number) => (n.inherited.includes(key) ? '' : String(value));
  return {
    name: check.name,
    group: check.group ?? '',
    labels: [...check.labels],
    description: check.description,
    assetId: check.assetId ?? '',
    alias: check.alias,
    paused: check.paused,
    schedule: {
      ...base.schedule,
      type: s.type,
      ...(s.type === 'interval' && { every: String(s.every), unit: s.unit }),
      ...(s.type !== 'unscheduled' && { overdueAfterMinutes: String(s.overdueAfterMinutes ?? 30), timezone: s.timezone ?? '', expectFirstReport: !!s.expectFirstReport }),
      ...(s.window && { useWindow: true, windowStart: s.window.start, windowEnd: s.window.end, windowTimezone: s.window.timezone ?? '' }),
      ...(s.activeDays && { useActiveDays: true, activeDays: [...s.activeDays] }),
      ...(s.type === 'cron' && { cron: s.cron }),
    },
    matching: { ...criteriaForm(check.matching), useAddress: check.matching.useAddress },
    status: {
      default: check.statusRules.default,
      comet: !!check.statusRules.comet,
      success: criteriaForm(check.statusRules.success),
      warning: criteriaForm(check.statusRules.warning),
      failure: criteriaForm(check.statusRules.failure),
    },
    anomalies: checkAnomaliesForm(check.anomalies),
    notifications: {
      channelIds: [...n.channelIds],
      alertOn: own('alertOn', [...n.alertOn]),
      notifyOnRestore: own('notifyOnRestore', n.notifyOnRestore),
      repeat: own('repeat', n.repeat),
      repeatHours: ownText('repeatHours', n.repeatHours),
      graceMinutes: ownText('graceMinutes', n.graceMinutes),
      afterConsecutive: ownText('afterConsecutive', n.afterConsecutive),
      notifyOutsideWindow: own('notifyOutsideWindow', n.notifyOutsideWindow),
      notifyUsers: own('notifyUsers', n.notifyUsers),
      userIds: n.userIds ? [...n.userIds] : null,
    },
    ticketFields: Object.entries(check.ticketFields).map(([key, value]) => ({ key, value })),
  };
}

/** '' → undefined (the API's default); anything else as a number, or null so the API names the field. */
const number = (text: string): number | null | undefined => {
  if (!text.trim()) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};
const optionalText = (text: string) => (text.trim() ? text.trim() : undefined);

function scheduleBody(s: ScheduleForm) {
  if (s.type === 'unscheduled') return { type: 'unscheduled' };
  const common = { overdueAfterMinutes: number(s.overdueAfterMinutes), timezone: optionalText(s.timezone), expectFirstReport: s.expectFirstReport };
  if (s.type === 'cron') return { type: 'cron', cron: s.cron, ...common };
  return {
    type: 'interval',
    every: number(s.every) ?? null,
    unit: s.unit,
    ...common,
    window: s.useWindow ? { start: s.windowStart, end: s.windowEnd, timezone: optionalText(s.windowTimezone) } : undefined,
    activeDays: s.useActiveDays ? WEEKDAYS.filter((d) => s.activeDays.includes(d)) : undefined,
  };
}

const criteriaBody = (c: CriteriaForm) => ({ mode: c.mode, rules: c.rules, condenseWhitespace: c.condenseWhitespace, combineAttachments: c.combineAttachments });

/**
 * The body of POST /checks (and, whole, of PATCH /checks/{id}: every field is
 * named, so what the form shows is what is stored). Rules keep their positions,
 * so the API's `matching.rules[1].value` points at the second row on screen.
 */
export function checkBody(f: CheckForm) {
  const n = f.notifications;
  const nullable = (text: string) => number(text) ?? null;
  return {
    name: f.name,
    group: f.group.trim() || null,
    labels: f.labels,
    description: f.description,
    assetId: f.assetId.trim() || null,
    ...(f.alias.trim() && { alias: f.alias.trim() }),
    paused: f.paused,
    schedule: scheduleBody(f.schedule),
    matching: { useAddress: f.matching.useAddress, ...criteriaBody(f.matching) },
    status: {
      default: f.status.default,
      comet: f.status.comet,
      ...Object.fromEntries(STATUS_GROUPS.map((g) => [g, f.status[g].rules.length ? criteriaBody(f.status[g]) : null])),
    },
    anomalies: checkAnomaliesBody(f.anomalies),
    notifications: {
      channelIds: n.channelIds,
      alertOn: n.alertOn,
      notifyOnRestore: n.notifyOnRestore,
      repeat: n.repeat,
      repeatHours: n.repeat === 'interval' ? nullable(n.repeatHours) : null,
      graceMinutes: nullable(n.graceMinutes),
      afterConsecutive: nullable(n.afterConsecutive),
      notifyOutsideWindow: n.notifyOutsideWindow,
      notifyUsers: n.notifyUsers,
      userIds: n.userIds,
    },
    ticketFields: Object.fromEntries(f.ticketFields.filter((t) => t.key.trim() || t.value).map((t) => [t.key.trim(), t.value])),
  };
}
