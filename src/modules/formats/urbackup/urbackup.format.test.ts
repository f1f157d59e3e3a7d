import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { urbackupFormat } from './urbackup.format.js';

const DIR = 'test/fixtures/formats/urbackup';
const context: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2024-05-02T00:00:00Z', options: {} };

const fixture = async (path: string) => reportMessageOf(await parseMessage(readFileSync(path)));
const parsed = async (raw: string) => reportMessageOf(await parseMessage(Buffer.from(raw)));

function message(subject: string, text: string): ReportMessage {
  return { subject, from: ['urbackup@backwatch.local'], headers: [], text, html: null, attachments: [] };
}

const read = (m: ReportMessage) => urbackupFormat.read(m, context)[0]!;
const body = (counts: string, ...lines: string[]) =>
  ['UrBackup just did an incremental file backup of "PC1".', '', 'Report:', counts, '', ...lines].join('\n');

describe('UrBackup fixtures', () => {
  const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, unknown[]>;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  it.each(files)('%s is recognised and read as expected.json says', async (file) => {
    const m = await fixture(`${DIR}/${file}`);
    expect(urbackupFormat.recognises(m)).toBe(true);
    const jobs = urbackupFormat.read(m, context).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }));
    expect(jobs).toEqual(expected[file]);
  });

  it('reads the log times in the organization\'s zone, the duration and the transfer', async () => {
    const job = read(await fixture(`${DIR}/urbackup-success.eml`));
    expect(job).toMatchObject({
      statusText: 'success',
      startedAt: '2024-05-01T19:00:03Z',
      stoppedAt: '2024-05-01T19:14:01Z',
      durationSeconds: 838,
      transferredBytes: Math.round(2.41753 * 1024 ** 3),
      warningCount: 0,
      errorCount: 0,
      keyLines: [],
      problems: [],
    });
    expect(job.log).toHaveLength(7);
    expect(job.log[0]).toEqual({ at: '2024-05-01T19:00:03Z', text: '2024-05-01 21:00:03(info): Starting scheduled incremental file backup...' });
  });

  it('reads the status a broken header pushed into the body, and says so', async () => {
    const job = read(await fixture(`${DIR}/urbackup-broken-subject.eml`));
    expect(job.statusText).toBe('failed');
    expect(job.problems).toEqual(['the subject\'s " - failed" arrived as a line of its own (a broken header); read from there']);
  });

  it('puts the alerts on the same check as the backups of that client and kind', async () => {
    const backup = read(await fixture(`${DIR}/urbackup-failure.eml`));
    const alert = read(await fixture(`${DIR}/urbackup-alert-no-recent.eml`));
    expect([alert.device, alert.item]).toEqual([backup.device, backup.item]);
    expect(alert.keyLines[0]).toMatch(/^No recent file backup for client "LAPTOP-SALES07"/);
  });
});

describe('UrBackup subjects', () => {
  it.each([
    ['UrBackup: Incremental file  backup of "PC1"\n - success', 'Incremental file backup', 'File backup', 'success'],
    ['UrBackup: Full file  backup of "PC1" - success', 'Full file backup', 'File backup', 'success'],
    ['UrBackup: Resumed incremental file  backup of "PC1" - failed', 'Resumed incremental file backup', 'File backup', 'failure'],
    ['UrBackup: Resumed full image backup of "PC1"  -  failed', 'Resumed full image backup', 'Image backup', 'failure'],
    ['UrBackup: Incremental image backup of "PC "quoted" 1" - success', 'Incremental image backup', 'Image backup', 'success'],
  ])('%j is a %s of the %s check, %s', (subject, type, item, status) => {
    const job = read(message(subject, body('( 2 infos, 0 warnings, 0 errors)')));
    expect({ type: job.type, item: job.item, status: job.status }).toEqual({ type, item, status });
  });

  it('reads the client name with quotes in it', () => {
    expect(read(message('UrBackup: Incremental image backup of "PC "quoted" 1" - success', body('( 0 infos, 0 warnings, 0 errors)'))).device).toBe('PC "quoted" 1');
  });

  it('unfolds the subject a mailer folded at UrBackup\'s line break', async () => {
    const m = await parsed('From: u@x\r\nSubject: UrBackup: Full image backup of "PC1"\r\n - failed\r\n\r\nUrBackup just did a full  image backup of "PC1".\r\n');
    expect(read(m)).toMatchObject({ device: 'PC1', status: 'failure', problems: ['the counts line "( N infos, N warnings, N errors)" is missing'] });
  });

  it.each([
    ['[UrBackup] PC1: No recent image backup', 'Image backup', 'failure'],
    ['[UrBackup][Important] PC1: No recent file backup', 'File backup', 'failure'],
    ['[UrBackup] PC1: Image backup status is OK', 'Image backup', 'success'],
  ])('reads the alert %j', (subject, item, status) => {
    expect(read(message(subject, ''))).toMatchObject({ device: 'PC1', item, status });
  });
});

describe('UrBackup status', () => {
  it('makes a "success" with warnings listed a warning', () => {
    const job = read(message('UrBackup: Incremental file  backup of "PC1" - success', body('( 1 info, 1 warning, 0 errors)', '2024-05-01 21:00:03(warning): Cannot access "C:\\pagefile.sys"')));
    expect(job).toMatchObject({ status: 'warning', statusText: 'success', warningCount: 1, keyLines: ['2024-05-01 21:00:03(warning): Cannot access "C:\\pagefile.sys"'] });
  });

  it('does not take "0 warnings, 0 errors" for warning words', () => {
    expect(read(message('UrBackup: Incremental file  backup of "PC1" - success', body('( 0 infos, 0 warnings, 0 errors)'))).status).toBe('success');
  });

  it('falls back to the log\'s last word when the subject lost its ending', () => {
    const ok = read(message('UrBackup: Incremental file  backup of "PC1"', body('( 1 info, 0 warnings, 0 errors)', '2024-05-01 21:00:03(info): Backup succeeded')));
    expect(ok).toMatchObject({ status: 'success', statusText: 'Backup succeeded' });
    expect(ok.problems).toEqual(['the subject has no " - success" or " - failed"; the status is read from the log']);
    const bare = read(message('UrBackup: Incremental file  backup of "PC1"', 'UrBackup just did'));
    expect(bare.status).toBeNull();
    expect(bare.problems).toContain('no status could be read');
  });
});

describe('UrBackup recognition', () => {
  it.each([
    ['/work/main/test/fixtures/comet-success.eml'],
    ...readdirSync('test/fixtures/formats/duplicati').filter((f) => f.endsWith('.eml')).map((f) => [`test/fixtures/formats/duplicati/${f}`]),
    ...readdirSync('test/fixtures/formats/cron').filter((f) => f.endsWith('.eml')).map((f) => [`test/fixtures/formats/cron/${f}`]),
  ])('does not claim %s', async (path) => {
    expect(urbackupFormat.recognises(await fixture(path))).toBe(false);
  });

  it.each([
    ['[Success] nightly build'],
    ['Success - Backup of "Documents"'],
    ['UrBackup: server update available'],
    ['[UrBackup] weekly statistics'],
    ['Re: UrBackup: how do I restore a file backup of "PC1"?'],
  ])('does not claim %j', (subject) => {
    expect(urbackupFormat.recognises(message(subject, 'UrBackup just did'))).toBe(false);
  });

  it('finishes fast on a hostile body and subject', () => {
    const started = Date.now();
    const text = `${'2024-05-01 21:00:03(warning): '.repeat(50_000)}\n${'( 1 info, '.repeat(100_000)}\n${'x\n'.repeat(300_000)}`;
    const job = read(message(`UrBackup: Full file  backup of "${'"'.repeat(100_000)}" - success`, text));
    expect(job.keyLines.length).toBeLessThanOrEqual(20);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
