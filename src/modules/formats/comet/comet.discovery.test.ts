import { describe, expect, it } from 'vitest';
import { defaultFormatSettings } from '../formats.settings.js';
import { discoveryRules, groupFor, jobKey, mayDiscover, namingOf } from '../../jobs/jobs.discovery.models.js';
import { cometFormat } from './comet.format.js';
import { reportJobOf } from './comet.job.js';
import { type CometJob, DEFAULT_COMET_STATUS_MAP, NO_IDS } from './comet.models.js';
import { type CometSettings, withCometDiscovery } from './comet.settings.js';

const cometJob = (over: Partial<CometJob> = {}): CometJob => ({
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
const job = (over: Partial<CometJob> = {}) => reportJobOf(cometJob(over), DEFAULT_COMET_STATUS_MAP);

const settings = (over: Partial<CometSettings['autoDiscovery']> = {}, groups: CometSettings['groups'] = []) =>
  withCometDiscovery(defaultFormatSettings(cometFormat), { autoDiscovery: { enabled: true, senders: [], usernames: [], ...over }, groups });

const mayDiscoverJob = (s: ReturnType<typeof settings>, j: ReturnType<typeof job>, senders: string[] | null) => mayDiscover(s, jobKey(cometFormat, j), j, senders);
const groupOf = (s: ReturnType<typeof settings>, j: ReturnType<typeof job>) => groupFor(s, j, namingOf(cometFormat, j).group);

describe('discovery', () => {
  it('needs discovery on, a whole item identity and a backup job', () => {
    expect(mayDiscoverJob(settings(), job(), ['x@y'])).toBe(true);
    expect(mayDiscoverJob(settings({ enabled: false }), job(), ['x@y'])).toBe(false);
    expect(mayDiscoverJob(settings(), job({ device: null }), ['x@y'])).toBe(false);
    expect(mayDiscoverJob(settings(), job({ type: 'Restore' }), ['x@y'])).toBe(false);
  });

  it('follows the username and sender patterns; a webhook event has no sender to test', () => {
    expect(mayDiscoverJob(settings({ usernames: ['acme-*'] }), job(), [])).toBe(true);
    expect(mayDiscoverJob(settings({ usernames: ['beta-*'] }), job(), [])).toBe(false);
    expect(mayDiscoverJob(settings({ senders: ['*@comet.acme.example'] }), job(), ['bounce@other.example', 'noreply@comet.acme.example'])).toBe(true);
    expect(mayDiscoverJob(settings({ senders: ['*@comet.acme.example'] }), job(), ['noreply@other.example'])).toBe(false);
    expect(mayDiscoverJob(settings({ senders: ['*@comet.acme.example'] }), job(), null)).toBe(true);
  });

  it('groups by the first mapping rule that fits, by username or tenant, else by the username', () => {
    const rules = [
      { tenant: 'org-9', group: 'Tenant Nine' },
      { username: 'acme-*', group: 'Acme Corp' },
    ];
    expect(groupOf(settings({}, rules), job())).toBe('Acme Corp');
    expect(groupOf(settings({}, rules), job({ ids: { ...NO_IDS, tenant: 'org-9' } }))).toBe('Tenant Nine');
    expect(groupOf(settings({}, rules), job({ username: 'bob' }))).toBe('bob');
  });

  it('matches a discovered check on the parsed identity, exactly', () => {
    expect(discoveryRules(cometFormat, job({ username: 'u', device: 'd', protectedItem: 'i' }))).toEqual([
      { field: 'comet.username', operator: 'equals', value: 'u', caseSensitive: true },
      { field: 'comet.device', operator: 'equals', value: 'd', caseSensitive: true },
      { field: 'comet.protectedItem', operator: 'equals', value: 'i', caseSensitive: true },
      { field: 'comet.type', operator: 'equals', value: 'Backup', caseSensitive: true },
    ]);
    expect(jobKey(cometFormat, job({ username: 'u', device: 'd', protectedItem: 'Cafe\u0301' }))).toBe(jobKey(cometFormat, job({ username: 'u', device: 'd', protectedItem: 'Café' })));
  });
});
