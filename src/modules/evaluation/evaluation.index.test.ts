import { describe, expect, it } from 'vitest';
import type { Check } from '../checks/checks.models.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import { type Rule, RULE_OPERATORS } from '../rules/rules.models.js';
import { CheckSet } from './evaluation.index.js';
import { compileCheck, evaluateMessage, explainCheck } from './evaluation.models.js';
import type { Recipient } from './recipients.models.js';

/** A small deterministic random source, so a failure can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const WORDS = ['Success', 'Warning', 'Error', 'Backup', 'of', '"Documents"', 'Item12', 'Item123', 'Vault', 'Offsite Comet Server', 'DESKTOP-9J8', 'user01', 'ab', 'Ümlaut'];

function build(seed: number) {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(pick([' ', '  ', '\n', '\u00a0']));
  const rule = (): Rule => {
    const operator = pick(RULE_OPERATORS);
    const value = operator === 'regex' ? pick(['^Success', 'Item1\\d+', 'vault', 'x+y']) : random() < 0.5 ? pick(WORDS) : phrase(2);
    return { field: pick(['subject', 'body', 'from'] as const), operator, value: random() < 0.3 ? value.toUpperCase() : value, caseSensitive: random() < 0.2 };
  };
  const checks = Array.from({ length: 300 }, (_, id) =>
    compileCheck({
      id,
      alias: `c${id}`,
      schedule: { type: 'unscheduled' },
      paused: false,
      matching: {
        useAddress: random() < 0.8,
        mode: random() < 0.7 ? 'all' : 'any',
        condenseWhitespace: random() < 0.8,
        combineAttachments: true,
        rules: Array.from({ length: Math.floor(random() * 3) + (random() < 0.9 ? 1 : 0) }, rule),
      },
      statusRules: { default: 'failure', comet: false, success: null, warning: null, failure: null },
    } satisfies Pick<Check, 'id' | 'alias' | 'matching' | 'statusRules' | 'schedule' | 'paused'>),
  );
  const messages = Array.from({ length: 200 }, () => new RuleFields({ subject: phrase(4), body: phrase(30), attachmentTexts: [], from: [`${pick(WORDS)}@example.com`], to: [], attachmentNames: [], job: null }));
  return { checks, messages, pick };
}

describe('the check index', () => {
  it.each([1, 2, 3, 4, 5])('finds exactly the checks that trying every one finds (seed %i)', (seed) => {
    const { checks, messages, pick } = build(seed);
    const set = new CheckSet(checks);
    let matches = 0;
    for (const fields of messages) {
      const recipients: Recipient[] = [{ kind: 'inbox' }, { kind: 'alias', alias: pick(checks).alias }];
      const indexed = evaluateMessage(fields, recipients, set).map((v) => v.checkId);
      const everyOne = checks.filter((c) => explainCheck(fields, recipients, c).matched).map((c) => c.id);
      expect(indexed).toEqual(everyOne);
      matches += indexed.length;
    }
    expect(matches).toBeGreaterThan(50);
  });

  it('tries far fewer checks than it holds when their texts differ', () => {
    const checks = Array.from({ length: 1000 }, (_, i) =>
      compileCheck({
        id: i,
        alias: `c${i}`,
        schedule: { type: 'unscheduled' },
        paused: false,
        matching: { useAddress: true, mode: 'all', condenseWhitespace: true, combineAttachments: true, rules: [{ field: 'subject', operator: 'contains', value: `"Item${i}"`, caseSensitive: false }, { field: 'body', operator: 'contains', value: `Vault ${i}`, caseSensitive: false }] },
        statusRules: { default: 'failure', comet: false, success: null, warning: null, failure: null },
      }),
    );
    const set = new CheckSet(checks);
    const fields = new RuleFields({ subject: 'Success - Backup of "Item417"', body: 'Storage Vault: "Vault 417"', attachmentTexts: [], from: [], to: [], attachmentNames: [], job: null });
    expect([...set.candidates(fields)].map((c) => c.id)).toEqual([417]);
  });
});
