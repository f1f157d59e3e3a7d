import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { veeamFormat } from './veeam.format.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures');
const OWN = path.join(FIXTURES, 'formats', 'veeam');
const CONTEXT: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2026-11-04T12:00:00Z', options: {} };

const fixture = async (file: string) => reportMessageOf(await parseMessage(fs.readFileSync(file)));
const read = (message: ReportMessage) => veeamFormat.read(message, CONTEXT);
const readOne = (message: ReportMessage) => read(message)[0]!;

function message(fields: Partial<ReportMessage>): ReportMessage {
  return { subject: '', from: [], headers: [], text: '', html: null, attachments: [], ...fields };
}

describe('the fixtures', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(OWN, 'expected.json'), 'utf8')) as Record<string, unknown[]>;
  const files = fs.readdirSync(OWN).filter((f) => f.endsWith('.eml'));

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  it.each(files)('%s is recognised and read as expected.json says', async (file) => {
    const m = await fixture(path.join(OWN, file));
    expect(veeamFormat.recognises(m)).toBe(true);
    const jobs = read(m).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }));
    expect(jobs).toEqual(expected[file]);
  });

  it('reads every figure of a VBR success report', async () => {
    const job = readOne(await fixture(path.join(OWN, 'vbr-success.eml')));
    expect(job).toMatchObject({
      product: 'Veeam Backup & Replication',
      statusText: 'Success',
      startedAt: '2026-11-03T21:00:03Z',
      stoppedAt: '2026-11-03T21:14:38Z',
      durationSeconds: 875,
      sizeBytes: Math.round(1.3 * 1024 ** 4),
      transferredBytes: Math.round(21.5 * 1024 ** 3),
      objects: 3,
      errorCount: 0,
      warningCount: 0,
      version: '12.3.1.1139',
      keyLines: [],
      problems: [],
      extra: { 'veeam.dataRead': Math.round(50.3 * 1024 ** 3), 'veeam.backupSize': Math.round(19.8 * 1024 ** 3) },
    });
    expect(job.parts).toEqual([
      { name: 'dc01', status: 'success', statusText: 'Success', sizeBytes: 60 * 1024 ** 3, durationSeconds: 211, detail: null },
      { name: 'fs01', status: 'success', statusText: 'Success', sizeBytes: Math.round(1.2 * 1024 ** 4), durationSeconds: 801, detail: null },
      { name: 'app01', status: 'success', statusText: 'Success', sizeBytes: 80 * 1024 ** 3, durationSeconds: 373, detail: null },
    ]);
  });

  it('reads a folded subject, a backup copy job, an end past midnight and the warning object', async () => {
    const job = readOne(await fixture(path.join(OWN, 'vbr-warning.eml')));
    expect(job.stoppedAt).toBe('2026-11-03T23:41:22Z');
    expect(job.warningCount).toBe(1);
    expect(job.keyLines).toEqual([
      'Processing fs02-archive-with-a-long-name Warning: restore point has not been copied within the copy interval',
      'fs02-archive-with-a-long-name: Restore point has not been copied within the copy interval. Will retry copying at the next interval.',
    ]);
    expect(job.parts[1]).toMatchObject({ status: 'warning', durationSeconds: 4274 });
  });

  it('reads the failed object and the job error behind an out-of-support prefix', async () => {
    const job = readOne(await fixture(path.join(OWN, 'vbr-failed.eml')));
    expect(job).toMatchObject({ statusText: 'Failed', errorCount: 1, warningCount: 0, objects: 2, problems: [] });
    expect(job.keyLines[1]).toMatch(/^sql-prod-02: Error: Failed to create VM snapshot/);
    expect(job.log).toEqual([{ at: null, text: 'Processing sql-prod-02 Error: Failed to create VM snapshot' }]);
  });

  it('keys a retry with its first run and says which retry it was', async () => {
    const [first, retry] = await Promise.all(['vbr-retry-1-failed.eml', 'vbr-retry-2-success.eml'].map(async (f) => readOne(await fixture(path.join(OWN, f)))));
    expect(retry!.item).toBe(first!.item);
    expect(first!.extra['veeam.retry']).toBeUndefined();
    expect(retry!.extra['veeam.retry']).toBe(1);
  });

  it('reads a VB365 job: tenant and job from the subject, objects from the attached detailed report', async () => {
    const job = readOne(await fixture(path.join(OWN, 'vb365-success.eml')));
    expect(job).toMatchObject({ product: 'Veeam Backup for Microsoft 365', objects: 4, version: '8.1.0.305', durationSeconds: 288, problems: [] });
    expect(job.parts.map((p) => p.name)).toEqual(['Adele Vance', 'Adele Vance', 'Megan Bowen', 'Finance Shared']);
    expect(job.parts[3]!.detail).toBe('Processed 9,120 items');
  });

  it('reads the Windows agent: computer, job, error lines', async () => {
    const job = readOne(await fixture(path.join(OWN, 'agent-windows-failed.eml')));
    expect(job).toMatchObject({ product: 'Veeam Agent for Microsoft Windows', version: '6.3.0.177', errorCount: 1, startedAt: '2026-11-03T23:30:02Z' });
    expect(job.keyLines).toEqual([
      'Error: Failed to connect to the backup repository nas01.example.net. The network path was not found.',
      'Error: Job has failed, retrying in 10 minutes.',
    ]);
  });

  it('reads vee-mail: host, 24-hour times on its long date, the backup target table left alone', async () => {
    const job = readOne(await fixture(path.join(OWN, 'veemail-linux-success.eml')));
    expect(job).toMatchObject({
      product: 'Veeam Agent for Linux', version: '6.3.0.177', startedAt: '2026-11-03T22:30:01Z', stoppedAt: '2026-11-03T22:41:17Z',
      durationSeconds: 676, sizeBytes: Math.round(38.4 * 1024 ** 3), keyLines: [], problems: [],
    });
    expect(job.parts).toHaveLength(1);
  });

  it('reads vee-mail from a German system: raw UTF-8 with no charset, the date in German, the log line as a key line', async () => {
    const job = readOne(await fixture(path.join(OWN, 'veemail-linux-german-warning.eml')));
    expect(job).toMatchObject({ startedAt: '2026-03-03T00:15:00Z', warningCount: 1, problems: [] });
    expect(job.keyLines).toEqual(['[03.03.2026 01:16:02] <140> Warning Failed to create snapshot of /var/lib/pgsql: device busy, backing up without snapshot']);
  });

  it('says what is missing from a report cut off in its Details table, with the grid counts', async () => {
    const job = readOne(await fixture(path.join(OWN, 'vbr-truncated.eml')));
    expect(job.problems).toEqual(['the Details table lists 1 of 3 objects']);
    expect(job).toMatchObject({ warningCount: 1, errorCount: 0, sizeBytes: Math.round(1.3 * 1024 ** 4) });
  });

  it('reads what the subject says of a copy that lost its body', async () => {
    const job = readOne(await fixture(path.join(OWN, 'vbr-subject-only.eml')));
    expect(job).toMatchObject({ status: 'failure', objects: 3, problems: ['the message has no body: only the subject was read'] });
  });
});

describe('recognition', () => {
  const layout = '<table><tr><td>Backup job: Nightly VMs</td><td>Success</td></tr><tr><td>Name</td><td>Status</td><td>Start time</td><td>Transferred</td></tr></table>';

  it.each([
    ['a CI run', '[Success] build #1234 of main', 'Pipeline finished. Start time 10:00, 3 objects transferred.'],
    ['a deploy script', '[Failed] Deploy web (3 objects)', 'Deployment failed on 3 objects.'],
    ['a success subject with no body signature', '[SUCCESS] nightly rsync', ''],
    ['an AWS SLA report', 'EC2 Policy (4 instances): [SLA for the period Week is Success]', 'Veeam Backup for AWS'],
    ['an AWS policy report', '[Success] EC2 Policy (4 instances) ', 'Veeam Backup for AWS 7.0'],
    ['a Salesforce job', '[Org Backup] [Success]', 'Veeam Backup for Salesforce'],
    ['a Salesforce job named like a result', '[Success] [Failed]', 'Veeam Backup for Salesforce'],
    ['Comet', 'Success - Backup of "Documents"', 'Veeam Backup & Replication is mentioned in the log'],
  ])('does not claim %s', (_, subject, body) => {
    expect(veeamFormat.recognises(message({ subject, text: body }))).toBe(false);
  });

  it('claims the token with Veeam\'s layout, or with a sender named Veeam and the title row', () => {
    expect(veeamFormat.recognises(message({ subject: '[Success] Nightly VMs (2 objects)', html: layout }))).toBe(true);
    expect(veeamFormat.recognises(message({ subject: '[Success] Nightly', from: ['veeam@example.net'], text: 'Backup job: Nightly' }))).toBe(true);
    expect(veeamFormat.recognises(message({ subject: '[Success] Nightly', from: ['ci@example.net'], text: 'Backup job: Nightly' }))).toBe(false);
  });

  it('claims none of the other fixtures', async () => {
    const others: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory() && file !== OWN) walk(file);
        else if (entry.name.endsWith('.eml')) others.push(file);
      }
    };
    walk(FIXTURES);
    expect(others.length).toBeGreaterThan(5);
    for (const file of others) expect([file, veeamFormat.recognises(await fixture(file))]).toEqual([file, false]);
  });
});
