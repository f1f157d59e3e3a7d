import { describe, expect, it } from 'vitest';
import { compareVersions, isOutdated, newestVersion } from './versions.js';

describe('compareVersions', () => {
  it.each<[string, string, number]>([
    ['18.9.5', '23.12.1', -1],
    ['23.12.1', '18.9.5', 1],
    ['23.12.1', '23.12.1', 0],
    ['23.9.0', '23.12.0', -1],
    ['23.12.10', '23.12.9', 1],
    ['24.3', '24.3.0', 0],
    ['24', '24.0.1', -1],
    ['24.3.0-beta', '24.3.0', -1],
    ['24.3.0', '24.3.0-beta', 1],
    ['24.3.0-beta', '23.12.1', 1],
    ['24.3.0-alpha', '24.3.0-beta', -1],
    ['24.3.0-beta', '24.3.0-beta.2', -1],
    ['24.3.0-beta.2', '24.3.0-beta.10', -1],
    ['24.3.0-beta', '24.3.0-beta', 0],
    ['24.3.0-1', '24.3.0-beta', -1],
    ['v24.3.0', '24.3.0', 0],
    [' 24.3.0 ', '24.3.0', 0],
    ['24.3.0+build.7', '24.3.0', 0],
    ['24.3.0 beta', '24.3.0', -1],
  ])('%s against %s is %d', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it('sorts a list of client versions', () => {
    const sorted = ['24.3.0', '18.9.5', '24.3.0-beta', '23.12.1', '9.0.0'].sort(compareVersions);
    expect(sorted).toEqual(['9.0.0', '18.9.5', '23.12.1', '24.3.0-beta', '24.3.0']);
  });
});

describe('newestVersion', () => {
  it.each<[string, string[], string | null]>([
    ['nothing seen', [], null],
    ['only blanks', ['', '  '], null],
    ['one version', ['18.9.5'], '18.9.5'],
    ['the highest of several', ['18.9.5', '24.3.0-beta', '23.12.1'], '24.3.0-beta'],
    ['a release over its beta', ['24.3.0-beta', '24.3.0'], '24.3.0'],
    ['blanks are skipped', ['', '23.12.1'], '23.12.1'],
  ])('%s', (_, versions, expected) => {
    expect(newestVersion(versions)).toBe(expected);
  });

  it('takes any iterable', () => {
    expect(newestVersion(new Set(['1.0.0', '2.0.0']))).toBe('2.0.0');
  });
});

describe('isOutdated', () => {
  it.each<[string | null, string | null, boolean]>([
    ['18.9.5', '23.12.1', true],
    ['23.12.1', '23.12.1', false],
    ['24.3.0-beta', '23.12.1', false],
    ['24.3.0-beta', '24.3.0', true],
    [null, '23.12.1', false],
    ['23.12.1', null, false],
    ['', '23.12.1', false],
  ])('%s against newest %s: %s', (version, newest, expected) => {
    expect(isOutdated(version, newest)).toBe(expected);
  });
});
