import { describe, expect, it } from 'vitest';
import { emptyJob, type ReportJob } from '../formats/formats.models.js';
import { defaultFormatSettings } from '../formats/formats.settings.js';
import { discoveredDescription, discoveryRules, globMatches, groupFor, identityOfKey, jobKey, mayDiscover, namingOf } from './jobs.discovery.models.js';

const job = (over: Partial<ReportJob> = {}): ReportJob => ({ ...emptyJob('Veeam Backup & Replication'), device: 'VBR01', item: 'Nightly VMs', type: 'Backup', status: 'success', ...over });
const format = { id: 'veeam', product: 'Veeam' };

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

describe('discovery of any format', () => {
  it('keys a job by its format, tenant, device and item, in one Unicode form', () => {
    expect(jobKey(format, job())).toBe('veeam:\u001fVBR01\u001fNightly VMs');
    expect(jobKey(format, job({ item: 'Cafe\u0301' }))).toBe(jobKey(format, job({ item: 'Café' })));
    expect(jobKey(format, job({ item: null }))).toBeNull();
    expect(identityOfKey('veeam:acme\u001fVBR01\u001fNightly VMs')).toEqual({ tenant: 'acme', device: 'VBR01', item: 'Nightly VMs' });
  });

  it('tells two installations that name neither tenant nor device apart by their sender, and names them by its domain', () => {
    const a = job({ device: null, item: 'Backup Job 1', sender: 'veeam@vbr.acme.example' });
    const b = job({ device: null, item: 'Backup Job 1', sender: 'veeam@vbr.beta.example' });
    expect(jobKey(format, a)).not.toBe(jobKey(format, b));
    expect(jobKey(format, job({ sender: 'x@y.example' }))).toBe(jobKey(format, job({ sender: 'z@w.example' })));
    expect(namingOf(format, a)).toEqual({ name: 'vbr.acme.example: Backup Job 1', group: 'vbr.acme.example' });
    expect(namingOf(format, job({ device: null, sender: null }))).toEqual({ name: 'Nightly VMs', group: 'Veeam' });
  });

  it('names a check Tenant: Device: Item and groups it by tenant, else device', () => {
    expect(namingOf(format, job())).toEqual({ name: 'VBR01: Nightly VMs', group: 'VBR01' });
    expect(namingOf(format, job({ tenant: 'Acme' }))).toEqual({ name: 'Acme: VBR01: Nightly VMs', group: 'Acme' });
    const settings = { ...defaultFormatSettings({}), groups: [{ device: 'vbr*', group: 'Datacenter' }] };
    expect(groupFor(settings, job(), 'VBR01')).toBe('Datacenter');
    expect(groupFor(settings, job({ device: 'other' }), 'other')).toBe('other');
  });

  it('matches a discovered check on the job the format read, never the wording', () => {
    expect(discoveryRules(format, job()).map((r) => [r.field, r.value])).toEqual([
      ['job.format', 'veeam'],
      ['job.device', 'VBR01'],
      ['job.item', 'Nightly VMs'],
    ]);
    expect(discoveredDescription(format, job())).toBe('Device: VBR01\nCreated by Veeam auto-discovery.');
  });

  it('is off when the format or its discovery is off, or the tenant or sender is not wanted', () => {
    const on = defaultFormatSettings({});
    const key = jobKey(format, job());
    expect(mayDiscover(on, key, job(), ['x@y'])).toBe(true);
    expect(mayDiscover({ ...on, enabled: false }, key, job(), ['x@y'])).toBe(false);
    expect(mayDiscover({ ...on, autoDiscovery: { ...on.autoDiscovery, enabled: false } }, key, job(), ['x@y'])).toBe(false);
    expect(mayDiscover(on, null, job(), ['x@y'])).toBe(false);
    expect(mayDiscover({ ...on, autoDiscovery: { ...on.autoDiscovery, tenants: ['acme*'] } }, key, job(), [])).toBe(false);
    expect(mayDiscover({ ...on, autoDiscovery: { ...on.autoDiscovery, tenants: ['acme*'] } }, key, job({ tenant: 'Acme' }), [])).toBe(true);
  });
});
