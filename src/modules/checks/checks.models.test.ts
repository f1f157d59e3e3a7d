import { describe, expect, it } from 'vitest';
import { ALIAS_PATTERN, checkAddress, makeAlias, MAX_ALIAS_LENGTH, uniqueAlias } from './checks.models.js';
import { worstStatus } from '../../shared/status.js';

describe('makeAlias', () => {
  it.each([
    ['User01: Documents', 'user01documents'],
    ['Comet User01', 'cometuser01'],
    ['  SQL  Server\tNightly\n', 'sqlservernightly'],
    ['Müller & Söhne: Buchhaltung', 'mullersohnebuchhaltung'],
    ['web-01.example.com_backup', 'web-01.example.com_backup'],
    ['..dots...inside..', 'dots.inside'],
    ['a+b@c', 'abc'],
    ['"quoted" <angle> (parens)', 'quotedangleparens'],
    ['日本語のバックアップ', 'check'],
    ['', 'check'],
  ])('%j becomes %j', (name, alias) => {
    expect(makeAlias(name)).toBe(alias);
    expect(alias).toMatch(ALIAS_PATTERN);
  });

  it('stays within the length limit and does not end in a dot', () => {
    const alias = makeAlias(`${'a'.repeat(MAX_ALIAS_LENGTH - 1)}.b`);
    expect(alias.length).toBeLessThanOrEqual(MAX_ALIAS_LENGTH);
    expect(alias.endsWith('.')).toBe(false);
  });
});

describe('uniqueAlias', () => {
  it('keeps a free alias', () => {
    expect(uniqueAlias('docs', () => false)).toBe('docs');
  });
  it('numbers a taken one from 2', () => {
    const taken = new Set(['docs', 'docs-2']);
    expect(uniqueAlias('docs', (a) => taken.has(a))).toBe('docs-3');
  });
  it('shortens a long alias to fit its number', () => {
    const base = 'x'.repeat(MAX_ALIAS_LENGTH);
    const alias = uniqueAlias(base, (a) => a === base);
    expect(alias).toHaveLength(MAX_ALIAS_LENGTH);
    expect(alias.endsWith('-2')).toBe(true);
  });
});

describe('worstStatus', () => {
  it.each([
    [[], null],
    [['success'], 'success'],
    [['success', 'warning'], 'warning'],
    [['warning', 'success'], 'warning'],
    [['success', 'failure', 'warning'], 'failure'],
    [['failure', 'warning'], 'failure'],
  ] as const)('%j → %s', (statuses, worst) => {
    expect(worstStatus([...statuses])).toBe(worst);
  });
});

it('a check address is a plus-alias of the inbox', () => {
  expect(checkAddress({ local: 'reports', domain: 'backwatch.local' }, 'user01documents')).toBe('reports+user01documents@backwatch.local');
});
