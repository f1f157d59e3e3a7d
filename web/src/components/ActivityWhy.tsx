/** Why an activity has its status: the deciding rule set and the rules that fired (Activity page, message viewer). */

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
  status: 'success' | 'warning' | 'failure' | 'overdue';
  receivedAt: string;
  subject: string;
  matchedBy: 'address' | 'criteria' | null;
  statusSource: 'success' | 'warning' | 'failure' | 'default' | null;
  matchedRules: FiredRule[];
}

const FIELDS: Record<string, string> = { subject: 'Subject', body: 'Body', from: 'From', to: 'To', attachmentName: 'Attachment name' };
const OPERATORS: Record<string, string> = {
  contains: 'contains',
  notContains: 'does not contain',
  equals: 'equals',
  startsWith: 'starts with',
  endsWith: 'ends with',
  regex: 'matches',
};

export const ruleText = (r: FiredRule) => `${FIELDS[r.field] ?? r.field} ${OPERATORS[r.operator] ?? r.operator} "${r.value}"`;

const statusRules = (a: ActivityRow) => a.matchedRules.filter((r) => r.group !== 'matching');

/** One line for tables and exports: "success rules: Subject contains "Success"". */
export function whyText(a: ActivityRow): string {
  if (a.status === 'overdue' && !a.messageId) return 'No report by the deadline';
  if (!a.statusSource || a.statusSource === 'default') return 'No status rule matched: the default applied';
  const fired = statusRules(a).filter((r) => r.group === a.statusSource);
  return `${a.statusSource} rules: ${fired.map(ruleText).join('; ') || '(none listed)'}`;
}

/** How the message came to belong to the check. */
export function matchedByText(a: ActivityRow): string {
  if (a.matchedBy === 'address') return "Sent to the check's address";
  if (a.matchedBy === 'criteria') {
    const rules = a.matchedRules.filter((r) => r.group === 'matching').map(ruleText);
    return rules.length ? `Matching rules: ${rules.join('; ')}` : 'Matching rules';
  }
  return '';
}

/** The short form shown in the Activity table. */
export function Why({ activity }: { activity: ActivityRow }) {
  return (
    <span class="why" title={matchedByText(activity) || undefined}>
      {whyText(activity)}
    </span>
  );
}

/** Every rule that fired, grouped, for the message viewer. */
export function RulesFired({ activity }: { activity: ActivityRow }) {
  const groups = (['matching', 'failure', 'warning', 'success'] as const)
    .map((g) => [g, activity.matchedRules.filter((r) => r.group === g)] as const)
    .filter(([, rules]) => rules.length);
  return (
    <div class="rules-fired">
      <p class="muted">
        {matchedByText(activity)}
        {activity.matchedBy && ' · '}
        {activity.statusSource === 'default' || !activity.statusSource ? 'No status rule matched: the default status applied.' : `Status decided by the ${activity.statusSource} rules.`}
      </p>
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
