/** Why an activity has its status: the deciding rule set, the rules that fired, and the reasons in words (Activity page, message viewer). */
import { fieldLabel, productOf, useFormats } from './Formats.js';

export interface FiredRule {
  group: 'matching' | 'success' | 'warning' | 'failure';
  index: number;
  field: string;
  operator: string;
  value: string;
}

export interface ActivityRow {
  id: number;
  checkId: number;
  checkName: string;
  messageId: number | null;
  jobId?: number | null;
  status: 'success' | 'warning' | 'failure' | 'overdue';
  receivedAt: string;
  subject: string;
  /** `address`, `criteria`, or the format (`comet`, `veeam`…) whose job the check stands for. */
  matchedBy: string | null;
  /** A rule set, `default`, `anomaly`, `rpo`, or the format (`comet`…) whose job's status counted. */
  statusSource: string | null;
  matchedRules: FiredRule[];
  /** Why in words, beyond the rules: the job's status, an unreadable report, an anomaly. */
  reasons?: string[];
}

const OPERATORS: Record<string, string> = {
  contains: 'contains',
  notContains: 'does not contain',
  equals: 'equals',
  startsWith: 'starts with',
  endsWith: 'ends with',
  regex: 'matches',
};

export const ruleText = (r: FiredRule) => `${r.field === 'body' ? 'Body' : fieldLabel(r.field)} ${OPERATORS[r.operator] ?? r.operator} "${r.value}"`;

const statusRules = (a: ActivityRow) => a.matchedRules.filter((r) => r.group !== 'matching');

const RULE_SETS = ['success', 'warning', 'failure'];
/** The status came from a report format's job, not from a rule set or the service. */
const byFormat = (source: string | null) => source !== null && !RULE_SETS.includes(source) && !['default', 'anomaly', 'rpo'].includes(source);

/** What decided the status, in words. */
function statusSourceText(source: ActivityRow['statusSource']): string {
  if (source === 'anomaly') return "Warning: the job's figures are off against its history";
  if (source === 'rpo') return 'Warning: no successful job for longer than the RPO';
  if (!source || source === 'default') return 'No status rule matched: the default applied';
  if (byFormat(source)) return `Status from the ${productOf(source)} report`;
  return `Status decided by the ${source} rules`;
}

/** One line for tables and exports: "success rules: Subject contains "Success"", or the reasons. */
export function whyText(a: ActivityRow): string {
  if (a.status === 'overdue' && !a.messageId) return 'No report by the deadline';
  const reasons = a.reasons ?? [];
  let base: string;
  if (byFormat(a.statusSource) || a.statusSource === 'anomaly' || a.statusSource === 'rpo') base = reasons.length ? '' : statusSourceText(a.statusSource);
  else if (!a.statusSource || a.statusSource === 'default') base = statusSourceText(a.statusSource);
  else base = `${a.statusSource} rules: ${statusRules(a).filter((r) => r.group === a.statusSource).map(ruleText).join('; ') || '(none listed)'}`;
  return [base, ...reasons].filter(Boolean).join('; ');
}

/** How the message came to belong to the check. */
export function matchedByText(a: ActivityRow): string {
  if (a.matchedBy === 'comet') return 'Claimed by its Comet protected item';
  if (a.matchedBy === 'address') return "Sent to the check's address";
  if (a.matchedBy === 'criteria') {
    const rules = a.matchedRules.filter((r) => r.group === 'matching').map(ruleText);
    return rules.length ? `Matching rules: ${rules.join('; ')}` : 'Matching rules';
  }
  if (a.matchedBy) return `Claimed by its ${productOf(a.matchedBy)} job`;
  return '';
}

/** The short form shown in the Activity table. */
export function Why({ activity }: { activity: ActivityRow }) {
  useFormats();
  return (
    <span class="why" title={matchedByText(activity) || undefined}>
      {whyText(activity)}
    </span>
  );
}

/** Every rule that fired, grouped, for the message viewer. */
export function RulesFired({ activity }: { activity: ActivityRow }) {
  useFormats();
  const groups = (['matching', 'failure', 'warning', 'success'] as const)
    .map((g) => [g, activity.matchedRules.filter((r) => r.group === g)] as const)
    .filter(([, rules]) => rules.length);
  return (
    <div class="rules-fired">
      <p class="muted">
        {matchedByText(activity)}
        {activity.matchedBy && ' · '}
        {activity.statusSource === 'default' || !activity.statusSource
          ? 'No status rule matched: the default status applied.'
          : `${statusSourceText(activity.statusSource)}.`}
      </p>
      {(activity.reasons ?? []).length > 0 && (
        <ul class="reasons" aria-label="Reasons">
          {activity.reasons!.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      {groups.length > 0 && (
        <ul>
          {groups.map(([g, rules]) =>
            rules.map((r) => (
              <li key={`${g}-${r.index}`}>
                <span class="rule-group">{g === 'matching' ? 'matching' : g}</span> {ruleText(r)}
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}
