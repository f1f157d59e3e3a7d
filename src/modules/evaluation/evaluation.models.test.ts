import { describe, expect, it } from 'vitest';
import type { Check, Matching, StatusRules } from '../checks/checks.models.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import type { Criteria, Rule, RuleSubject } from '../rules/rules.models.js';
import { CheckSet } from './evaluation.index.js';
import { compileCheck, evaluateMessage, explainCheck } from './evaluation.models.js';
import type { Recipient } from './recipients.models.js';

const subjectContains = (value: string): Rule => ({ field: 'subject', operator: 'contains', value, caseSensitive: false });
const bodyContains = (value: string): Rule => ({ field: 'body', operator: 'contains', value, caseSensitive: false });
const criteria = (...rules: Rule[]): Criteria => ({ mode: 'all', rules, condenseWhitespace: true, combineAttachments: true });

function check(id: number, alias: string, matching: Partial<Matching> = {}, status: Partial<StatusRules> = {}): Parameters<typeof compileCheck>[0] {
  return {
    id,
    alias,
    schedule: { type: 'unscheduled' },
    paused: false,
    matching: { useAddress: true, mode: 'all', condenseWhitespace: true, combineAttachments: true, rules: [], ...matching },
    statusRules: {
      default: 'failure',
      comet: false,
      success: criteria(subjectContains('Success')),
      warning: criteria(subjectContains('Warning')),
      failure: null,
      ...status,
    },
  };
}

const message = (subject: string, body = ''): RuleFields =>
  new RuleFields({ subject, body, attachmentTexts: [], from: ['backup@client.example'], to: [], attachmentNames: [], job: null } satisfies RuleSubject);

const INBOX: Recipient = { kind: 'inbox' };
const to = (alias: string): Recipient => ({ kind: 'alias', alias });

describe('which checks a message belongs to', () => {
  const docs = compileCheck(check(1, 'docs', { rules: [subjectContains('Documents')] }));
  const addressOnly = compileCheck(check(2, 'sql'));
  const criteriaOnly = compileCheck(check(3, 'pics', { useAddress: false, rules: [subjectContains('Pictures')] }));
  const all = new CheckSet([docs, addressOnly, criteriaOnly]);
  const ids = (subject: string, recipients: Recipient[]) => evaluateMessage(message(subject), recipients, all).map((v) => [v.checkId, v.evaluation.matchedBy]);

  it.each<[string, string, Recipient[], [number, string][]]>([
    ['its own address, no criteria', 'anything', [to('sql')], [[2, 'address']]],
    ['its own address with criteria that hold', 'Success - Backup of "Documents"', [to('docs')], [[1, 'address']]],
    ['its own address with criteria that fail', 'Success - Backup of "Pictures"', [to('docs')], []],
    ['the bare inbox, tried against every check with criteria', 'Backup of "Documents"', [INBOX], [[1, 'criteria']]],
    ['the bare inbox never reaches an address-only check', 'anything', [INBOX], []],
    ['a check that ignores its address still matches by criteria', 'Pictures', [to('pics')], [[3, 'criteria']]],
    ['an unknown alias reaches no check', 'Documents and Pictures', [to('nobody')], []],
    ['two addresses reach two checks', 'Backup of "Documents"', [to('docs'), to('sql')], [[1, 'address'], [2, 'address']]],
    ['inbox plus an alias', 'Documents and Pictures', [INBOX, to('sql')], [[1, 'criteria'], [2, 'address'], [3, 'criteria']]],
  ])('%s', (_, subject, recipients, expected) => {
    expect(ids(subject, recipients)).toEqual(expected);
  });
});

describe('status', () => {
  const evaluate = (subject: string, status: Partial<StatusRules> = {}) =>
    evaluateMessage(message(subject, 'Job Report'), [to('c')], new CheckSet([compileCheck(check(1, 'c', {}, status))]))[0]!;

  it.each([
    ['Success - Backup of "Documents"', 'success', 'success'],
    ['Warning - Backup of "Documents"', 'warning', 'warning'],
    ['Error - Backup of "Documents"', 'failure', 'default'],
    ['Success and Warning', 'warning', 'warning'],
  ])('%s → %s (from %s)', (subject, status, source) => {
    const v = evaluate(subject);
    expect(v.status).toBe(status);
    expect(v.evaluation.statusSource).toBe(source);
  });

  it('the worst matching group wins, failure over warning over success', () => {
    const v = evaluate('Success Warning', { failure: criteria(bodyContains('Job Report')) });
    expect(v.status).toBe('failure');
    expect(v.evaluation.matchedRules).toEqual([{ group: 'failure', index: 0, field: 'body', operator: 'contains', value: 'Job Report' }]);
  });

  it('the default applies when no group matches', () => {
    expect(evaluate('Error', { default: 'warning' }).status).toBe('warning');
    expect(evaluate('Error', { default: 'success' }).evaluation.statusSource).toBe('default');
  });

  it('a group without rules never matches', () => {
    expect(evaluate('Success', { success: criteria() }).status).toBe('failure');
  });

  it('records the matching and status rules that fired', () => {
    const c = compileCheck(check(1, 'c', { rules: [subjectContains('Documents')] }));
    const [v] = evaluateMessage(message('Success - Backup of "Documents"'), [INBOX], new CheckSet([c]));
    expect(v!.evaluation.matchedRules.map((r) => `${r.group}:${r.value}`)).toEqual(['matching:Documents', 'success:Success']);
  });
});

describe('explainCheck', () => {
  it('gives every rule and the status even when the message does not belong', () => {
    const c = compileCheck(check(1, 'c', { rules: [subjectContains('Documents'), bodyContains('Vault')] }));
    const e = explainCheck(message('Warning - Backup of "Documents"', 'Storage Vault: "Offsite"'), [INBOX], c);
    expect(e.matched).toBe(true);
    expect(e.matchedBy).toBe('criteria');
    const e2 = explainCheck(message('Warning - Backup of "Documents"', 'nothing'), [INBOX], c);
    expect(e2.matched).toBe(false);
    expect(e2.matching!.rules.map((r) => r.matched)).toEqual([true, false]);
    expect(e2.status).toBe('warning');
    expect(e2.statusGroups.success!.matched).toBe(false);
  });
});
