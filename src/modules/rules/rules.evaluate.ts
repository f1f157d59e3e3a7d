import type { Criteria, CriteriaResult, Rule, RuleField, RuleSubject } from './rules.models.js';
import { compileRegex } from './rules.regex.js';
import { condenseWhitespace } from './rules.text.js';

/** One way of looking at a field; `key` names it in the per-message cache. */
export interface FieldView {
  key: string;
  field: RuleField;
  condense: boolean;
  combine: boolean;
  caseSensitive: boolean;
}

function fieldView(field: RuleField, condense: boolean, combine: boolean, caseSensitive: boolean): FieldView {
  return { key: `${field}|${+condense}${+combine}${+caseSensitive}`, field, condense, combine, caseSensitive };
}

/**
 * A message's field values prepared for comparison, computed once per variant
 * (condensed or not, lower-cased or not, attachments combined or not) however
 * many checks look at them.
 */
export class RuleFields {
  private readonly cache = new Map<string, string[]>();

  constructor(readonly subject: RuleSubject) {}

  values(view: FieldView): string[] {
    let values = this.cache.get(view.key);
    if (!values) {
      values = this.raw(view.field, view.combine).map((v) => {
        const text = view.condense ? condenseWhitespace(v) : v;
        return view.caseSensitive ? text : text.toLowerCase();
      });
      this.cache.set(view.key, values);
    }
    return values;
  }

  private raw(field: RuleField, combine: boolean): string[] {
    const s = this.subject;
    switch (field) {
      case 'subject':
        return [s.subject];
      case 'body':
        return [combine && s.attachmentTexts.length ? [s.body, ...s.attachmentTexts].join('\n') : s.body];
      case 'from':
        return s.from;
      case 'to':
        return s.to;
      case 'attachmentName':
        return s.attachmentNames;
      default: {
        // A job's field: one value when a report format read the message and it told it, none otherwise.
        const value = s.job ? s.job.value(field) : null;
        return value === null ? [] : [value];
      }
    }
  }
}

export interface CompiledRule {
  rule: Rule;
  test(fields: RuleFields): boolean;
  view: FieldView;
  /** For contains, equals, startsWith and endsWith: text every matching value holds, as compared. */
  needle: string | null;
}

export interface CompiledCriteria {
  criteria: Criteria;
  rules: CompiledRule[];
}

function needleOf(rule: Rule, condense: boolean): string {
  const needle = condense ? condenseWhitespace(rule.value) : rule.value;
  return rule.caseSensitive ? needle : needle.toLowerCase();
}

function predicate(rule: Rule, condense: boolean): (value: string) => boolean {
  if (rule.operator === 'regex') {
    const re = compileRegex(rule.value, rule.caseSensitive);
    return (v) => re.test(v);
  }
  const needle = needleOf(rule, condense);
  switch (rule.operator) {
    case 'contains':
    case 'notContains':
      return (v) => v.includes(needle);
    case 'equals':
      return (v) => v === needle;
    case 'startsWith':
      return (v) => v.startsWith(needle);
    case 'endsWith':
      return (v) => v.endsWith(needle);
  }
}

export function compileRule(rule: Rule, criteria: Pick<Criteria, 'condenseWhitespace' | 'combineAttachments'>): CompiledRule {
  // RE2 folds case itself, so a case-insensitive regex still sees the original text.
  const view = fieldView(rule.field, criteria.condenseWhitespace, criteria.combineAttachments, rule.caseSensitive || rule.operator === 'regex');
  const matches = predicate(rule, criteria.condenseWhitespace);
  // A field with several values (two From addresses, three attachments) matches when
  // any value does; "does not contain" holds only when no value contains the text.
  const test =
    rule.operator === 'notContains'
      ? (f: RuleFields) => !f.values(view).some(matches)
      : (f: RuleFields) => f.values(view).some(matches);
  const literal = rule.operator !== 'regex' && rule.operator !== 'notContains';
  return { rule, test, view, needle: literal ? needleOf(rule, criteria.condenseWhitespace) : null };
}

export function compileCriteria(criteria: Criteria): CompiledCriteria {
  return { criteria, rules: criteria.rules.map((r) => compileRule(r, criteria)) };
}

/** Whether the criteria hold; a criteria set without rules never matches. */
export function criteriaMatch(c: CompiledCriteria, fields: RuleFields): boolean {
  if (c.rules.length === 0) return false;
  return c.criteria.mode === 'all' ? c.rules.every((r) => r.test(fields)) : c.rules.some((r) => r.test(fields));
}

/** Like criteriaMatch, but runs every rule so the answer can say which rules fired. */
export function explainCriteria(c: CompiledCriteria, fields: RuleFields): CriteriaResult {
  const rules = c.rules.map(({ rule, test }, index) => ({
    index,
    field: rule.field,
    operator: rule.operator,
    value: rule.value,
    matched: test(fields),
  }));
  const matched = rules.length > 0 && (c.criteria.mode === 'all' ? rules.every((r) => r.matched) : rules.some((r) => r.matched));
  return { matched, rules };
}
