import type { Check, ReportStatus } from '../checks/checks.models.js';
import { worstStatus } from '../checks/checks.models.js';
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
import type { Recipient } from './recipients.models.js';

const STATUS_GROUPS = ['success', 'warning', 'failure'] as const;
type StatusGroup = (typeof STATUS_GROUPS)[number];

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
}

export function compileCheck(check: Pick<Check, 'id' | 'alias' | 'matching' | 'statusRules' | 'schedule' | 'paused'>): EvaluableCheck {
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
  };
}

export type MatchedRule = Omit<RuleResult, 'matched'> & { group: 'matching' | StatusGroup };

/** Why an activity has the status it has; stored with the activity and shown by the API. */
export interface Evaluation {
  matchedBy: 'address' | 'criteria';
  statusSource: StatusGroup | 'default';
  matchedRules: MatchedRule[];
}

export interface Verdict {
  checkId: number;
  check: EvaluableCheck;
  status: ReportStatus;
  evaluation: Evaluation;
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

function belongs(check: EvaluableCheck, a: Addressing, fields: RuleFields): 'address' | 'criteria' | null {
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
  const worst = worstStatus(STATUS_GROUPS.filter((g) => groups[g]?.matched));
  return { status: worst ?? check.defaultStatus, source: worst ?? ('default' as const), groups };
}

const fired = (group: MatchedRule['group'], result: CriteriaResult | undefined): MatchedRule[] =>
  (result?.matched ? result.rules.filter((r) => r.matched) : []).map(({ matched: _, ...rule }) => ({ group, ...rule }));

/**
 * Decides which checks a message belongs to and the status it gives each.
 * To its own address a check needs only its criteria (if any) to hold; mail to the
 * bare inbox is tried against every check that has criteria. When several status
 * groups match, the worst wins; when none does, the check's default status applies.
 */
export function evaluateMessage(fields: RuleFields, recipients: Recipient[], set: CheckSet): Verdict[] {
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
    const s = statusOf(check, fields);
    const matchedRules = check.matching ? fired('matching', explainCriteria(check.matching, fields)) : [];
    if (s.source !== 'default') matchedRules.push(...fired(s.source, s.groups[s.source]));
    verdicts.push({ checkId: check.id, check, status: s.status, evaluation: { matchedBy, statusSource: s.source, matchedRules } });
  }
  return verdicts;
}

export interface Explanation {
  matched: boolean;
  matchedBy: 'address' | 'criteria' | null;
  status: ReportStatus;
  statusSource: StatusGroup | 'default';
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
    matching: check.matching ? explainCriteria(check.matching, fields) : null,
    statusGroups: s.groups,
  };
}
