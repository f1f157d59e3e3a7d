import { describe, expect, it } from 'vitest';
import { cometKey, globMatches, groupFor, itemRules, mayDiscover } from './comet.discovery.models.js';
import { type CometJob, NO_IDS } from './comet.models.js';
import { DEFAULT_COMET_SETTINGS, type CometSettings } from './comet.settings.js';

const job = (over: Partial<CometJob> = {}): CometJob => ({
  username: 'acme-alice',
  type: 'Backup',
  status: 'Success',
  statusText: 'Success',
  startedAt: '2026-11-20T20:00:00.000Z',
  stoppedAt: '2026-11-20T20:05:00.000Z',
  protectedItem: 'Documents',
  vault: 'Offsite',
  device: 'PC',
  clientVersion: '24.3.0',
  directories: 2,
  files: 7,
  totalSize: 1000,
  uploaded: 10,
  downloaded: 0,
  durationSeconds: 300,
  log: [],
  problems: [],
  ids: NO_IDS,
  ...over,
});

const settings = (over: Partial<CometSettings['autoDiscovery']> = {}, groups: CometSettings['groups'] = []): CometSettings => ({
  ...DEFAULT_COMET_SETTINGS,
  autoDiscovery: { ...DEFAULT_COMET_SETTINGS.autoDiscovery, ...over },
  groups,
});

describe('glob patterns', () => {
  it.each([
    ['acme-*', 'acme-alice', true],
    ['ACME-*', 'acme-alice', true],
    ['acme-*', 'beta-acme-x', false],
    ['*@backup.acme.example', 'noreply@backup.acme.example', true],
    ['*@backup.acme.example', 'noreply@evil.example', false],
    ['user??', 'user01', true],
    ['user??', 'user1', false],
    ['*', '', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  // A backtracking matcher would not finish this within the test timeout; speed itself is for benchmarks.
  it('answers patterns that make a backtracking regex explode', () => {
    expect(globMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5_000))).toBe(false);
  });
});

describe('discovery', () => {
  it('needs discovery on, a whole item identity and a backup job', () => {
    expect(mayDiscover(settings(), job(), ['x@y'])).toBe(true);
    expect(mayDiscover(settings({ enabled: false }), job(), ['x@y'])).toBe(false);
    expect(mayDiscover(settings(), job({ device: null }), ['x@y'])).toBe(false);
    expect(mayDiscover(settings(), job({ type: 'Restore' }), ['x@y'])).toBe(false);
  });

  it('follows the username and sender patterns; a webhook event has no sender to test', () => {
    expect(mayDiscover(settings({ usernames: ['acme-*'] }), job(), [])).toBe(true);
    expect(mayDiscover(settings({ usernames: ['beta-*'] }), job(), [])).toBe(false);
    expect(mayDiscover(settings({ senders: ['*@comet.acme.example'] }), job(), ['bounce@other.example', 'noreply@comet.acme.example'])).toBe(true);
    expect(mayDiscover(settings({ senders: ['*@comet.acme.example'] }), job(), ['noreply@other.example'])).toBe(false);
    expect(mayDiscover(settings({ senders: ['*@comet.acme.example'] }), job(), null)).toBe(true);
  });

  it('groups by the first mapping rule that fits, by username or tenant, else by the username', () => {
    const rules = [
      { tenant: 'org-9', group: 'Tenant Nine' },
      { username: 'acme-*', group: 'Acme Corp' },
    ];
    expect(groupFor(settings({}, rules), job())).toBe('Acme Corp');
    expect(groupFor(settings({}, rules), job({ ids: { ...NO_IDS, tenant: 'org-9' } }))).toBe('Tenant Nine');
    expect(groupFor(settings({}, rules), job({ username: 'bob' }))).toBe('bob');
  });

  it('matches a discovered check on the parsed identity, exactly', () => {
    expect(itemRules({ username: 'u', device: 'd', protectedItem: 'i' })).toEqual([
      { field: 'comet.username', operator: 'equals', value: 'u', caseSensitive: true },
      { field: 'comet.device', operator: 'equals', value: 'd', caseSensitive: true },
      { field: 'comet.protectedItem', operator: 'equals', value: 'i', caseSensitive: true },
      { field: 'comet.type', operator: 'equals', value: 'Backup', caseSensitive: true },
    ]);
    expect(cometKey({ username: 'u', device: 'd', protectedItem: 'Cafe\u0301' })).toBe(cometKey({ username: 'u', device: 'd', protectedItem: 'Café' }));
  });
});
