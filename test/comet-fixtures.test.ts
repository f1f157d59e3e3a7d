import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_IDS, type CometJob } from '../src/modules/formats/comet/comet.models.js';
import { readCometReport } from '../src/modules/formats/comet/comet.report.js';
import { parseMessage } from '../src/modules/messages/messages.parse.js';
import { cometReportEmail, type CometReportJob } from './helpers/comet-report.js';

const DIR = path.join(import.meta.dirname, 'fixtures', 'comet');
const [KB, MB, GB, TB] = [1024, 1024 ** 2, 1024 ** 3, 1024 ** 4];
const bytes = (n: number, unit: number) => Math.round(n * unit);

async function readRaw(raw: Buffer | string) {
  const message = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
  expect(message.problems).toEqual([]);
  return { message, job: readCometReport({ subject: message.subject, text: message.text }) };
}

type Expected = Omit<CometJob, 'log' | 'ids'> & { log: { length: number; first?: string; last?: string } };

const DOCUMENTS = { vault: 'Offsite Comet Server', device: 'DESKTOP-9J8JGB3', clientVersion: '18.9.5' };

const FIXTURES: Record<string, Expected> = {
  'success.eml': {
    username: 'user01', type: 'Backup', status: 'Success', statusText: 'Success',
    startedAt: '2018-11-27T18:55:00.000Z', stoppedAt: '2018-11-27T18:55:00.000Z', durationSeconds: 0,
    protectedItem: 'Documents', ...DOCUMENTS,
    directories: 2, files: 7, totalSize: bytes(168.627, KB), uploaded: bytes(2.002, KB), downloaded: bytes(7.578, KB),
    problems: [], log: { length: 13, first: 'Looking up account settings...', last: 'Job completed.' },
  },
  'warning.eml': {
    username: 'acme-fs01', type: 'Backup', status: 'Warning', statusText: 'Warning',
    startedAt: '2018-12-05T01:00:00.000Z', stoppedAt: '2018-12-05T01:47:00.000Z', durationSeconds: 47 * 60,
    protectedItem: 'Finance share', vault: 'Wasabi EU-Central', device: 'FS01', clientVersion: '18.11.2',
    directories: 1204, files: 23_871, totalSize: bytes(845.312, MB), uploaded: bytes(12.004, MB), downloaded: bytes(1.25, MB),
    problems: [], log: { length: 5, first: 'Starting backup...', last: 'Job completed with warnings.' },
  },
  'error.eml': {
    username: 'msp-client-07', type: 'Backup', status: 'Error', statusText: 'Error',
    startedAt: '2019-01-12T04:00:00.000Z', stoppedAt: '2019-01-12T04:14:05.000Z', durationSeconds: 14 * 60 + 5,
    protectedItem: 'SQL Server', vault: 'B2 Cloud Storage', device: 'SQL01', clientVersion: '18.12.3',
    directories: 14, files: 212, totalSize: bytes(1.5, GB), uploaded: bytes(1.002, GB), downloaded: bytes(3.125, MB),
    problems: [], log: { length: 4, first: 'Starting backup...', last: 'Job completed.' },
  },
  'timeout.eml': {
    username: 'blr-accounts', type: 'Backup', status: 'Timeout', statusText: 'Timeout',
    startedAt: '2019-01-14T16:30:00.000Z', stoppedAt: '2019-01-15T04:30:00.000Z', durationSeconds: 12 * 3600,
    protectedItem: 'Tally Data', vault: 'Local NAS', device: 'BLR-ACCOUNTS', clientVersion: '18.12.3',
    directories: 3310, files: 1_048_576, totalSize: bytes(3.25, TB), uploaded: bytes(412.5, GB), downloaded: bytes(38.2, MB),
    problems: [], log: { length: 3, first: 'Starting backup...', last: 'The job exceeded its maximum duration of 12 hours and was stopped.' },
  },
  'quota-exceeded.eml': {
    username: 'family-smith', type: 'Backup', status: 'Quota Exceeded', statusText: 'Quota Exceeded',
    startedAt: '2019-02-02T17:30:00.000Z', stoppedAt: '2019-02-02T17:30:41.000Z', durationSeconds: 41,
    protectedItem: 'Photos', vault: 'Comet Cloud', device: 'LAPTOP-SMITH', clientVersion: '19.1.0',
    directories: 412, files: 9875, totalSize: bytes(48.3, GB), uploaded: 0, downloaded: 512,
    problems: [], log: { length: 4, first: 'Starting backup...', last: 'Job completed.' },
  },
  'missed.eml': {
    username: 'user01', type: 'Backup', status: 'Missed', statusText: 'Missed',
    startedAt: '2019-03-04T14:00:00.000Z', stoppedAt: '2019-03-04T14:00:00.000Z', durationSeconds: 0,
    protectedItem: 'Documents', ...DOCUMENTS,
    directories: 0, files: 0, totalSize: 0, uploaded: 0, downloaded: 0,
    problems: [], log: { length: 1, first: 'The scheduled backup job did not start within 30 minutes of its scheduled time.' },
  },
  'cancelled.eml': {
    username: 'user01', type: 'Restore', status: 'Cancelled', statusText: 'Cancelled',
    startedAt: '2019-03-05T21:12:00.000Z', stoppedAt: '2019-03-05T21:21:00.000Z', durationSeconds: 9 * 60,
    protectedItem: 'Documents', ...DOCUMENTS,
    directories: 3, files: 42, totalSize: bytes(61.2, MB), uploaded: 0, downloaded: bytes(17.875, MB),
    problems: [], log: { length: 3, first: 'Starting restore...', last: 'Job completed.' },
  },
  'skipped.eml': {
    username: 'contoso-ex01', type: 'Backup', status: 'Skipped', statusText: 'Skipped (already running)',
    startedAt: '2019-03-06T17:00:00.000Z', stoppedAt: '2019-03-06T17:00:00.000Z', durationSeconds: 0,
    protectedItem: 'Mailboxes', vault: 'Wasabi US-East', device: 'EX01', clientVersion: '19.2.1',
    directories: 0, files: 0, totalSize: 0, uploaded: 0, downloaded: 0,
    problems: [], log: { length: 1, first: 'Another job for this Protected Item is already running; this job was skipped.' },
  },
  'abandoned.eml': {
    username: 'school-lab', type: 'Backup', status: 'Abandoned', statusText: 'Abandoned',
    startedAt: '2019-03-07T06:00:00.000Z', stoppedAt: '2019-03-07T11:15:00.000Z', durationSeconds: 5 * 3600 + 15 * 60,
    protectedItem: 'Home folders', vault: 'Offsite Comet Server', device: 'LAB-PC-12', clientVersion: '18.9.5',
    directories: 88, files: 5120, totalSize: bytes(7.5, GB), uploaded: bytes(2.25, GB), downloaded: bytes(4.5, MB),
    // The log stops mid-job, without "Job completed.": that alone is no problem.
    problems: [], log: { length: 3, first: 'Starting backup...', last: 'Uploading...' },
  },
  'running.eml': {
    username: 'user01', type: 'Deep Verify', status: 'Running', statusText: 'Running',
    startedAt: '2019-03-08T15:00:00.000Z', stoppedAt: null, durationSeconds: null,
    protectedItem: 'Documents', ...DOCUMENTS,
    directories: null, files: null, totalSize: null, uploaded: null, downloaded: null,
    problems: [], log: { length: 2, first: 'Starting deep verify...', last: 'Verified 1,024 of 4,096 chunks...' },
  },
  'html-only.eml': {
    username: 'webhost-03', type: 'Backup', status: 'Success', statusText: 'Success',
    startedAt: '2019-07-14T20:30:00.000Z', stoppedAt: '2019-07-14T20:34:10.000Z', durationSeconds: 250,
    protectedItem: 'Website', vault: 'Hetzner Storage Box', device: 'WEB03', clientVersion: '19.6.0',
    directories: 318, files: 4512, totalSize: bytes(96.5, MB), uploaded: bytes(512.25, KB), downloaded: bytes(1.5, KB),
    problems: [], log: { length: 4, first: 'Starting backup...', last: 'Job completed.' },
  },
  'multipart.eml': {
    username: "josé.o'brien", type: 'Backup', status: 'Success', statusText: 'Success',
    startedAt: '2019-05-21T00:00:00.000Z', stoppedAt: '2019-05-21T00:42:00.000Z', durationSeconds: 42 * 60,
    protectedItem: 'Ünïcødé "quoted" files', vault: 'Tresor Zürich', device: 'Büro-PC «Nord»', clientVersion: '19.5.1',
    directories: 1337, files: 20_480, totalSize: bytes(12.75, GB), uploaded: bytes(1.125, GB), downloaded: bytes(96, KB),
    problems: [], log: { length: 4, first: 'Starting backup...', last: 'Job completed.' },
  },
  'truncated.eml': {
    username: 'user01', type: 'Backup', status: 'Success', statusText: 'Success',
    startedAt: '2018-11-27T18:55:00.000Z', stoppedAt: '2018-11-27T18:58:00.000Z', durationSeconds: 180,
    protectedItem: 'Documents', ...DOCUMENTS,
    directories: 2, files: null, totalSize: null, uploaded: null, downloaded: null,
    problems: ['Total Files: missing', 'Total Size: missing', 'Uploaded: missing', 'Downloaded: missing'],
    log: { length: 0 },
  },
};

describe('Comet report fixtures', () => {
  it('has an expectation for every fixture file', () => {
    expect(fs.readdirSync(DIR).sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  it.each(Object.entries(FIXTURES))('reads %s', async (file, { log, ...fields }) => {
    const { job } = await readRaw(fs.readFileSync(path.join(DIR, file)));
    expect(job).not.toBeNull();
    const { log: entries, ids, ...read } = job!;
    expect(read).toEqual(fields);
    expect(ids).toEqual(NO_IDS);
    expect(entries).toHaveLength(log.length);
    expect(entries[0]?.text).toBe(log.first);
    expect(entries.at(-1)?.text).toBe(log.last ?? log.first);
    expect(entries.every((e) => e.at !== null)).toBe(true);
  });

  it('decodes the RFC 2047 subject of the Unicode report', async () => {
    const { message } = await readRaw(fs.readFileSync(path.join(DIR, 'multipart.eml')));
    expect(message.subject).toBe('Success - Backup of "Ünïcødé "quoted" files"');
    expect(message.html).toContain('<table class="summary">');
  });
});

describe('the single-report fixtures beside them', () => {
  it.each([
    ['comet-success.eml', 'Success', 'Documents'],
    ['comet-warning.eml', 'Warning', 'Documents'],
    ['comet-error.eml', 'Error', 'Documents'],
    ['comet-whitespace-split.eml', 'Success', 'Documents'],
    ['quoted-printable.eml', 'Success', 'Documents'],
    ['base64.eml', 'Warning', 'Documents'],
    ['rfc2047-subject.eml', 'Success', 'Dokumente Müller'],
  ])('reads %s completely', async (file, status, protectedItem) => {
    const { job } = await readRaw(fs.readFileSync(path.join(DIR, '..', file)));
    expect(job).toMatchObject({ username: 'user01', status, protectedItem, vault: 'Offsite Comet Server', problems: [] });
    expect(job?.log.at(-1)?.text).toBe('Job completed.');
  });

  it('reads the short HTML-only report and names what it lacks', async () => {
    const { job } = await readRaw(fs.readFileSync(path.join(DIR, '..', 'html-only.eml')));
    expect(job).toMatchObject({ username: 'user01', status: 'Success', type: 'Backup', protectedItem: 'Documents', vault: 'Offsite Comet Server', totalSize: 172_674 });
    expect(job?.problems).toEqual([
      'Started: missing', 'Stopped: missing', 'Device: missing', 'Client Version: missing',
      'Total Directories: missing', 'Total Files: missing', 'Uploaded: missing', 'Downloaded: missing',
    ]);
  });

  it('gives null for a report that is not Comet\'s', async () => {
    expect((await readRaw(fs.readFileSync(path.join(DIR, '..', 'log-attachment.eml')))).job).toBeNull();
  });
});

describe('cometReportEmail', () => {
  const started = new Date('2024-03-10T06:58:00Z');
  const stopped = new Date('2024-03-10T07:03:00Z');
  const base: CometReportJob = { username: 'user01', protectedItem: 'Documents', device: 'DESKTOP-9J8JGB3', started, stopped };

  it('builds a raw message with CRLF line ends', () => {
    const raw = cometReportEmail(base);
    expect(raw.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(raw).toContain('\r\nStarted: 10 Mar 24 01:58 EST\r\n');
    expect(raw).toContain('\r\nDate: Sun, 10 Mar 2024 02:03:00 -0500\r\n');
  });

  it.each([
    ['the defaults', {}],
    ['Unicode and quotes in every name', { username: "josé.o'brien", protectedItem: 'Ünïcødé "quoted" files', device: 'Büro-PC «Nord»', vault: 'Tresor Zürich' }],
    ['a warning in CET', { status: 'Warning', zone: 'CET', totalSize: '1.5 GB', uploaded: '12 MB', downloaded: '0 B', files: 1234, directories: 56 }],
    ['an offset zone', { zone: '+0530', type: 'Retention pass', clientVersion: '24.3.1' }],
    ['HTML', { html: true, zone: 'UTC', protectedItem: 'A <b>bold</b> & "odd" name' }],
    ['HTML with Unicode', { html: true, zone: 'CEST', username: 'müller', device: 'Büro-PC «Nord»', to: 'reports+müller@backwatch.local' }],
    ['a very long item name', { protectedItem: `Ünïcødé ${'x'.repeat(200)}` }],
  ] as [string, Partial<CometReportJob>][])('round-trips %s through parseMessage and readCometReport', async (_, overrides) => {
    const input = { ...base, ...overrides };
    const { job } = await readRaw(cometReportEmail(input));
    expect(job).toMatchObject({
      username: input.username,
      protectedItem: input.protectedItem,
      device: input.device,
      vault: input.vault ?? 'Offsite Comet Server',
      status: input.status ?? 'Success',
      startedAt: '2024-03-10T06:58:00.000Z',
      stoppedAt: '2024-03-10T07:03:00.000Z',
      durationSeconds: 300,
      problems: [],
    });
    expect(job?.log.map((l) => l.text)).toEqual([expect.stringMatching(/^Starting /), 'Job completed.']);
  });

  it('reads the sizes and counts it was given', async () => {
    const { job } = await readRaw(cometReportEmail({ ...base, totalSize: '1.5 GB', uploaded: '12 MB', downloaded: '0 B', files: 1234, directories: 56 }));
    expect(job).toMatchObject({ totalSize: 1.5 * 1024 ** 3, uploaded: 12 * 1024 ** 2, downloaded: 0, files: 1234, directories: 56 });
  });

  it('leaves the stop time out of a running job', async () => {
    const { job } = await readRaw(cometReportEmail({ ...base, stopped: undefined, status: 'Running' }));
    expect(job).toMatchObject({ status: 'Running', stoppedAt: null, problems: [] });
  });
});
