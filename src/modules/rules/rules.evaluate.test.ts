import { describe, expect, it } from 'vitest';
import { compileCriteria, compileRule, criteriaMatch, explainCriteria, RuleFields } from './rules.evaluate.js';
import type { Criteria, Rule, RuleSubject } from './rules.models.js';

const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  subject: 'Success - Backup of "Documents"',
  body: 'Job Report\nStorage Vault: "Offsite  Comet\n Server"\nStatus: Success',
  attachmentTexts: [],
  from: ['backup@client.example', 'Comet Backup <backup@client.example>'],
  to: ['reports@backwatch.local'],
  attachmentNames: [],
  job: null,
  ...over,
});

const options = { condenseWhitespace: true, combineAttachments: true };
const rule = (r: Partial<Rule> & Pick<Rule, 'field' | 'operator' | 'value'>): Rule => ({ caseSensitive: false, ...r });
const holds = (r: Rule, s = subject(), o = options) => compileRule(r, o).test(new RuleFields(s));

describe('operators', () => {
  it.each<[string, Rule, boolean]>([
    ['contains', rule({ field: 'subject', operator: 'contains', value: 'Documents' }), true],
    ['contains misses', rule({ field: 'subject', operator: 'contains', value: 'Pictures' }), false],
    ['notContains', rule({ field: 'subject', operator: 'notContains', value: 'Pictures' }), true],
    ['notContains misses', rule({ field: 'subject', operator: 'notContains', value: 'Backup' }), false],
    ['equals', rule({ field: 'subject', operator: 'equals', value: 'Success - Backup of "Documents"' }), true],
    ['equals needs the whole text', rule({ field: 'subject', operator: 'equals', value: 'Success' }), false],
    ['startsWith', rule({ field: 'subject', operator: 'startsWith', value: 'Success -' }), true],
    ['startsWith misses', rule({ field: 'subject', operator: 'startsWith', value: 'Backup' }), false],
    ['endsWith', rule({ field: 'subject', operator: 'endsWith', value: '"Documents"' }), true],
    ['endsWith misses', rule({ field: 'subject', operator: 'endsWith', value: 'Success' }), false],
    ['regex', rule({ field: 'subject', operator: 'regex', value: '^(Success|Warning) - Backup of' }), true],
    ['regex misses', rule({ field: 'subject', operator: 'regex', value: '^Error' }), false],
  ])('%s', (_, r, expected) => {
    expect(holds(r)).toBe(expected);
  });
});

describe('case', () => {
  it('is ignored by default, for text and regex alike', () => {
    expect(holds(rule({ field: 'subject', operator: 'contains', value: 'SUCCESS' }))).toBe(true);
    expect(holds(rule({ field: 'subject', operator: 'regex', value: '^success' }))).toBe(true);
  });
  it('matters when the rule is case-sensitive', () => {
    expect(holds(rule({ field: 'subject', operator: 'contains', value: 'SUCCESS', caseSensitive: true }))).toBe(false);
    expect(holds(rule({ field: 'subject', operator: 'regex', value: '^success', caseSensitive: true }))).toBe(false);
    expect(holds(rule({ field: 'subject', operator: 'contains', value: 'Success', caseSensitive: true }))).toBe(true);
  });
});

describe('condensed whitespace', () => {
  const vault = rule({ field: 'body', operator: 'contains', value: 'Offsite Comet Server' });
  it('matches text split across lines and runs of spaces', () => {
    expect(holds(vault)).toBe(true);
  });
  it('condenses the rule value too', () => {
    expect(holds(rule({ field: 'body', operator: 'contains', value: ' Offsite \n Comet\tServer ' }))).toBe(true);
  });
  it('does not match split text when turned off', () => {
    expect(holds(vault, subject(), { ...options, condenseWhitespace: false })).toBe(false);
  });
  it('lets equals ignore leading and trailing whitespace', () => {
    expect(holds(rule({ field: 'subject', operator: 'equals', value: 'ok' }), subject({ subject: '\n ok \u00a0' }))).toBe(true);
  });
});

describe('attachments', () => {
  const withLog = subject({ body: 'See the attached log.', attachmentTexts: ['Job completed.\nStatus: Warning'], attachmentNames: ['job.log', 'summary.csv'] });
  const warning = rule({ field: 'body', operator: 'contains', value: 'Status: Warning' });
  it('are part of the body when combined', () => {
    expect(holds(warning, withLog)).toBe(true);
  });
  it('are not part of the body when not combined', () => {
    expect(holds(warning, withLog, { ...options, combineAttachments: false })).toBe(false);
  });
  it('match by name when any name matches', () => {
    expect(holds(rule({ field: 'attachmentName', operator: 'endsWith', value: '.csv' }), withLog)).toBe(true);
    expect(holds(rule({ field: 'attachmentName', operator: 'equals', value: 'job.log' }), withLog)).toBe(true);
  });
  it('"does not contain" on names holds only when no name contains the text', () => {
    expect(holds(rule({ field: 'attachmentName', operator: 'notContains', value: 'summary' }), withLog)).toBe(false);
    expect(holds(rule({ field: 'attachmentName', operator: 'notContains', value: 'pdf' }), withLog)).toBe(true);
  });
  it('a message without attachments has no name to match', () => {
    expect(holds(rule({ field: 'attachmentName', operator: 'contains', value: '' }))).toBe(false);
    expect(holds(rule({ field: 'attachmentName', operator: 'notContains', value: 'log' }))).toBe(true);
  });
});

describe('addresses', () => {
  it('from matches the bare address, the display form and the envelope', () => {
    expect(holds(rule({ field: 'from', operator: 'equals', value: 'backup@client.example' }))).toBe(true);
    expect(holds(rule({ field: 'from', operator: 'startsWith', value: 'Comet Backup' }))).toBe(true);
    expect(holds(rule({ field: 'from', operator: 'endsWith', value: '@client.example' }))).toBe(true);
  });
  it('to matches any recipient', () => {
    expect(holds(rule({ field: 'to', operator: 'equals', value: 'reports@backwatch.local' }), subject({ to: ['a@x.example', 'reports@backwatch.local'] }))).toBe(true);
  });
});

describe('all and any', () => {
  const criteria = (mode: Criteria['mode'], rules: Rule[]): Criteria => ({ mode, rules, ...options });
  const hit = rule({ field: 'subject', operator: 'contains', value: 'Documents' });
  const miss = rule({ field: 'body', operator: 'contains', value: 'Pictures' });
  it.each<[string, Criteria, boolean]>([
    ['all with every rule holding', criteria('all', [hit, hit]), true],
    ['all with one rule failing', criteria('all', [hit, miss]), false],
    ['any with one rule holding', criteria('any', [miss, hit]), true],
    ['any with no rule holding', criteria('any', [miss, miss]), false],
    ['no rules never match (all)', criteria('all', []), false],
    ['no rules never match (any)', criteria('any', []), false],
  ])('%s', (_, c, expected) => {
    const compiled = compileCriteria(c);
    const fields = new RuleFields(subject());
    expect(criteriaMatch(compiled, fields)).toBe(expected);
    expect(explainCriteria(compiled, fields).matched).toBe(expected);
  });
  it('explains every rule', () => {
    const result = explainCriteria(compileCriteria(criteria('any', [miss, hit])), new RuleFields(subject()));
    expect(result.rules.map((r) => [r.index, r.matched])).toEqual([[0, false], [1, true]]);
  });
});

describe('regex safety', () => {
  it('matches a catastrophic-backtracking pattern against 50 KB in linear time', () => {
    const r = rule({ field: 'body', operator: 'regex', value: '(a+)+$' });
    const body = `${'a'.repeat(50_000)}!`;
    const started = performance.now();
    expect(holds(r, subject({ body }), { ...options, condenseWhitespace: false })).toBe(false);
    // Generous bound: a backtracking engine takes longer than the age of the universe here.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
  it('refuses lookaround, which linear matching cannot do', () => {
    expect(() => compileRule(rule({ field: 'body', operator: 'regex', value: '(?<=a)b' }), options)).toThrow(SyntaxError);
  });
});
