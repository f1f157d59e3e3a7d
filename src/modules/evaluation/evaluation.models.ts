import type { Check } from '../checks/checks.models.js';
import {
  type CompiledCriteria,
  compileCriteria,
  criteriaMatch,
  explainCriteria,
  type RuleFields,
} from '../rules/rules.evaluate.js';
import type { CriteriaResult, RuleResult } from '../rules/rules.models.js';
import type { Schedule } from '../schedule/schedule.models.js';
import type { CheckSet } from './evaluation.index.js';
import { unreadReason } from '../jobs/jobs.verdict.js';
import type { JobSettingsOverrides } from '../jobs/jobs.settings.js';
import type { Recipient } from './recipients.models.js';
import { type ReportStatus, worstStatus } from '../../shared/status.js';

const STATUS_GROUPS = ['success', 'warning', 'failure'] as const;
type StatusGroup = (typeof STATUS_GROUPS)[number];
const isStatusGroup = (s: string): s is StatusGroup => (STATUS_GROUPS as readonly string[]).includes(s);

/** A check in the form ingestion needs, compiled once and reused for every message. */
export interface EvaluableCheck {
  id: number;
  alias: string;
  /** Carried along for re-arming the schedule when a report arrives. */
  schedule: Schedule;
  paused: boolean;
  useAddress: boolean;
  matching: CompiledCriteria | null;
  defaultStatus: ReportStatus;
  statusGroups: Partial<Record<StatusGroup, CompiledCriteria>>;
  /** Whether the status a job's product gave it (through its format) counts among the status rules. */
  statusFromJob: boolean;
  /** Made by discovery and unscheduled with nobody having chosen otherwise: its schedule is inferred from its reports' arrivals. */
  infersSchedule: boolean;
  /** Its group's job settings (anomalies, RPO), then its own, over the organization's. */
  anomalyLayers: JobSettingsOverrides[];
}

/** Made by discovery and unscheduled with nobody having chosen otherwise. */
export const infersSchedule = (c: { origin?: Check['origin']; scheduleSetBy?: Check['scheduleSetBy']; schedule: Schedule }) =>
  c.origin !== undefined && c.origin !== 'manual' && c.scheduleSetBy === 'default' && c.schedule.type === 'unscheduled';

export function compileCheck(
  check: Pick<Check, 'id' | 'alias' | 'matching' | 'statusRules' | 'schedule' | 'paused'> & {
    origin?: Check['origin'];
    scheduleSetBy?: Check['scheduleSetBy'];
    anomalyLayers?: JobSettingsOverrides[];
  },
): EvaluableCheck {
  const { matching, statusRules } = check;
  const statusGroups: EvaluableCheck['statusGroups'] = {};
  for (const group of STATUS_GROUPS) {
    const criteria = statusRules[group];
    if (criteria && criteria.rules.length) statusGroups[group] = compileCriteria(criteria);
  }
  return {
    id: check.id,
    alias: check.alias,
    schedule: check.schedule,
    paused: check.paused,
    useAddress: matching.useAddress,
    matching: matching.rules.length ? compileCriteria(matching) : null,
    defaultStatus: statusRules.default,
    statusGroups,
    statusFromJob: statusRules.comet,
    infersSchedule: infersSchedule(check),
    anomalyLayers: check.anomalyLayers ?? [],
  };
}

export type MatchedRule = Omit<RuleResult, 'matched'> & { group: 'matching' | StatusGroup };

/**
 * How a report came to belong to a check: its address, its rules, or the id of
 * the report format whose job the check stands for (`comet`, `veeam`…).
 */
export type MatchedBy = 'address' | 'criteria' | (string & {});
/**
 * What decided the status: a rule set, the default, the id of the format whose
 * job status decided (`comet`…), an anomaly in the job's figures (a size drop,
 * nothing protected), or no good backup for too long (`rpo`).
 */
export type StatusSource = 'success' | 'warning' | 'failure' | 'default' | 'anomaly' | 'rpo' | (string & {});

/** Why an activity has the status it has; stored with the activity and shown by the API. */
export interface Evaluation {
  matchedBy: MatchedBy;
  statusSource: StatusSource;
  matchedRules: MatchedRule[];
  /** Why, in words, where rules alone do not say it: the job's status, an unreadable report, an anomaly. */
  reasons?: string[];
}

/** What recording a report needs to know of its check: plain data, so that it can cross to the database thread. */
export type CheckFacts = Pick<EvaluableCheck, 'id' | 'schedule' | 'paused' | 'infersSchedule' | 'anomalyLayers'>;

export const factsOf = (c: CheckFacts): CheckFacts => ({ id: c.id, schedule: c.schedule, paused: c.paused, infersSchedule: c.infersSchedule, anomalyLayers: c.anomalyLayers });

/** A check a report belongs to, and the status it gives it. */
export interface ReportVerdict {
  checkId: number;
  check: CheckFacts;
  status: ReportStatus;
  evaluation: Evaluation;
}

export interface Verdict extends ReportVerdict {
  check: EvaluableCheck;
}

interface Addressing {
  aliases: Set<string>;
  toInbox: boolean;
}

function addressing(recipients: Recipient[], byAlias: (alias: string) => EvaluableCheck | undefined): Addressing {
  const aliases = new Set<string>();
  let toInbox = false;
  for (const r of recipients) {
    if (r.kind === 'inbox') toInbox = true;
    if (r.kind === 'alias') aliases.add(r.alias);
  }
  // The alias of a check that does not use its address is just another way to reach the inbox.
  for (const alias of aliases) if (byAlias(alias)?.useAddress === false) toInbox = true;
  return { aliases, toInbox };
}

function belongs(check: EvaluableCheck, a: Addressing, fields: RuleFields): MatchedBy | null {
  if (check.useAddress && a.aliases.has(check.alias)) {
    return !check.matching || criteriaMatch(check.matching, fields) ? 'address' : null;
  }
  if (a.toInbox && check.matching && criteriaMatch(check.matching, fields)) return 'criteria';
  return null;
}

function statusOf(check: EvaluableCheck, fields: RuleFields) {
  const groups: Partial<Record<StatusGroup, CriteriaResult>> = {};
  for (const g of STATUS_GROUPS) {
    const compiled = check.statusGroups[g];
    if (compiled) groups[g] = explainCriteria(compiled, fields);
  }
  const byRules = worstStatus(STATUS_GROUPS.filter((g) => groups[g]?.matched));
  const reading = fields.subject.job;
  const verdict = check.statusFromJob ? reading?.verdict : undefined;
  const byJob = verdict?.status ?? null;
  const reasons = [...(verdict?.reasons ?? [])];
  // The job's own status and the rule sets count alike: the worst of them wins.
  const worst = worstStatus([byRules, byJob].filter((s): s is ReportStatus => s !== null));
  const status = worst ?? check.defaultStatus;
  const source: StatusSource = worst === null ? 'default' : worst === byRules ? byRules : reading!.format;
  // Where rules alone decide, a report that could not be fully read still says so.
  const unread = !check.statusFromJob && reading ? unreadReason(reading.product, reading.job) : null;
  if (unread) reasons.push(unread);
  return { status, source, groups, reasons };
}

const fired = (group: MatchedRule['group'], result: CriteriaResult | undefined): MatchedRule[] =>
  (result?.matched ? result.rules.filter((r) => r.matched) : []).map(({ matched: _, ...rule }) => ({ group, ...rule }));

/**
 * Decides which checks a message belongs to and the status it gives each.
 * To its own address a check needs only its criteria (if any) to hold; mail to the
 * bare inbox is tried against every check that has criteria. When several status
 * groups match, the worst wins; when none does, the check's default status applies.
 */
export function evaluateMessage(fields: RuleFields, recipients: Recipient[], set: CheckSet<EvaluableCheck>): Verdict[] {
  const a = addressing(recipients, (alias) => set.byAlias.get(alias));
  const addressed = [...a.aliases].flatMap((alias) => {
    const check = set.byAlias.get(alias);
    return check?.useAddress ? [check] : [];
  });
  // Through the inbox, only the checks the index says could match are tried.
  const tried = set.inOrder(a.toInbox ? [...addressed, ...set.candidates(fields)] : addressed);
  const verdicts: Verdict[] = [];
  for (const check of tried) {
    const matchedBy = belongs(check, a, fields);
    if (!matchedBy) continue;
    verdicts.push(verdictOf(check, fields, matchedBy));
  }
  return verdicts;
}

/** The verdict of one check that a report belongs to (however it was found to belong). */
export function verdictOf(check: EvaluableCheck, fields: RuleFields, matchedBy: MatchedBy): Verdict {
  const s = statusOf(check, fields);
  const matchedRules = check.matching ? fired('matching', explainCriteria(check.matching, fields)) : [];
  if (isStatusGroup(s.source)) matchedRules.push(...fired(s.source, s.groups[s.source]));
  const evaluation: Evaluation = { matchedBy, statusSource: s.source, matchedRules };
  if (s.reasons.length) evaluation.reasons = s.reasons;
  return { checkId: check.id, check, status: s.status, evaluation };
}

export interface Explanation {
  matched: boolean;
  matchedBy: MatchedBy | null;
  status: ReportStatus;
  statusSource: StatusSource;
  reasons: string[];
  matching: CriteriaResult | null;
  statusGroups: Partial<Record<StatusGroup, CriteriaResult>>;
}

/** Every rule's result for one check, whether or not the message belongs to it: the "test rules" tool. */
export function explainCheck(fields: RuleFields, recipients: Recipient[], check: EvaluableCheck): Explanation {
  const matchedBy = belongs(check, addressing(recipients, (alias) => (alias === check.alias ? check : undefined)), fields);
  const s = statusOf(check, fields);
  return {
    matched: matchedBy !== null,
    matchedBy,
    status: s.status,
    statusSource: s.source,
    reasons: s.reasons,
    matching: check.matching ? explainCriteria(check.matching, fields) : null,
    statusGroups: s.groups,
  };
}
