import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { duplicatiFormat } from './duplicati.format.js';

const DIR = 'test/fixtures/formats/duplicati';
const context: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2024-05-02T00:00:00Z', options: {} };

async function fixture(path: string): Promise<ReportMessage> {
  return reportMessageOf(await parseMessage(readFileSync(path)));
}

function message(subject: string, text: string, headers: { name: string; value: string }[] = []): ReportMessage {
  return { subject, from: ['no-reply@backwatch.local'], headers, text, html: null, attachments: [] };
}

const read = (m: ReportMessage, ctx = context) => duplicatiFormat.read(m, ctx)[0]!;
const report = (lines: string[]) => lines.join('\r\n');

const FINISHED = [
  'MainOperation: Backup',
  'ParsedResult: Success',
  'Version: 2.0.4.5 (2.0.4.5_beta_2018-11-28)',
  'EndTime: 2/16/2019 10:23:51 PM (1550384631)',
  'BeginTime: 2/16/2019 10:23:50 PM (1550384630)',
  'Duration: 00:00:00.1900598',
];

describe('Duplicati fixtures', () => {
  const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, unknown[]>;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  it.each(files)('%s is recognised and read as expected.json says', async (file) => {
    const m = await fixture(`${DIR}/${file}`);
    expect(duplicatiFormat.recognises(m)).toBe(true);
    const jobs = duplicatiFormat.read(m, context).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }));
    expect(jobs).toEqual(expected[file]);
  });

  it('reads the times from the Unix seconds in brackets, the sizes, the upload and the versions kept', async () => {
    const job = read(await fixture(`${DIR}/duplicati-success.eml`));
    expect(job).toMatchObject({
      statusText: 'Success',
      startedAt: '2024-05-01T23:00:00Z',
      stoppedAt: '2024-05-01T23:12:08Z',
      durationSeconds: 728.417,
      sizeBytes: 61873219584,
      transferredBytes: 52428921,
      files: 48213,
      version: '2.0.7.1',
      warningCount: 0,
      errorCount: 0,
      keyLines: [],
      problems: [],
    });
    expect(job.extra).toMatchObject({ 'duplicati.addedFiles': 15, 'duplicati.knownFileSize': 33802911744, 'duplicati.backupListCount': 42 });
    expect(job.log[0]).toEqual({ at: '2024-05-01T23:00:00Z', text: expect.stringContaining('The operation Backup has started') });
  });

  it('keeps the warnings as key lines and reads "44.42 GB (47695243956)" as the bytes in brackets', async () => {
    const job = read(await fixture(`${DIR}/duplicati-warning.eml`));
    expect(job.warningCount).toBe(2);
    expect(job.keyLines).toHaveLength(2);
    expect(job.keyLines[0]).toContain('Failed to process path: /srv/photos/2024/IMG_4471.CR3');
    expect(job.sizeBytes).toBe(47695243956);
    expect(job.extra['duplicati.filesWithError']).toBe(2);
  });

  it('reads a run stopped by an exception as a failure with its message first', async () => {
    const job = read(await fixture(`${DIR}/duplicati-failure.eml`));
    expect(job.statusText).toBe('Failed');
    expect(job.keyLines[0]).toBe('Failed: The remote server returned an error: (403) Forbidden.');
    expect(job.errorCount).toBe(1);
    expect(job.problems).toEqual([]);
  });

  it('reads the JSON report, its machine name as the device and its ISO times', async () => {
    const job = read(await fixture(`${DIR}/duplicati-json-error.eml`));
    expect(job).toMatchObject({
      statusText: 'Error',
      startedAt: '2024-05-05T20:00:00Z',
      stoppedAt: '2024-05-05T20:20:40Z',
      transferredBytes: 104857600,
      errorCount: 1,
      warningCount: 0,
      problems: [],
    });
    expect(job.keyLines[0]).toContain('no tomes available');
  });

  it('says a report cut off inside a list is cut off, and keeps what it read', async () => {
    const job = read(await fixture(`${DIR}/duplicati-truncated.eml`));
    expect(job.problems).toEqual(['Messages: the list ends without its closing "]" (the report is cut off)']);
    expect(job.startedAt).toBe('2024-05-06T21:00:02Z');
  });
});

describe('Duplicati status', () => {
  it.each([
    ['Success', 'success'],
    ['Warning', 'warning'],
    ['Error', 'failure'],
    ['Fatal', 'failure'],
    ['Unknown', 'unknown'],
  ])('ParsedResult: %s is %s', (word, status) => {
    const text = report(FINISHED.map((l) => (l.startsWith('ParsedResult') ? `ParsedResult: ${word}` : l)));
    const job = read(message('Duplicati Backup report for Testing', text));
    expect(job.status).toBe(status);
    expect(job.statusText).toBe(word);
  });

  it('takes the operation\'s own ParsedResult, not those of nested results', () => {
    const text = report(['DeleteResults:', '    MainOperation: Delete', '    ParsedResult: Error', ...FINISHED, 'BackendStatistics:', '    ParsedResult: Fatal', '    BytesUploaded: 1024']);
    const job = read(message('Duplicati Backup report for Testing', text));
    expect(job.status).toBe('success');
    expect(job.transferredBytes).toBe(1024);
  });

  it('counts "Warnings: []" and "Errors: []" as none, not as warning words', () => {
    const text = report([...FINISHED, 'Messages: [', '    No remote filesets were deleted', ']', 'Warnings: []', 'Errors: []']);
    const job = read(message('Duplicati Backup report for Testing', text));
    expect(job).toMatchObject({ status: 'success', warningCount: 0, errorCount: 0, keyLines: [] });
    expect(job.log).toEqual([{ at: null, text: 'No remote filesets were deleted' }]);
  });

  it('takes the status from a custom subject when the body has none', () => {
    const job = read(message('Duplicati Backup Error report for Testing', report(['Failed: Access denied', 'Details: x'])));
    expect(job.status).toBe('failure');
    const fromSubject = read(message('Duplicati Backup Warning report for Testing', report(['ExaminedFiles: 12'])));
    expect(fromSubject).toMatchObject({ status: 'warning', statusText: 'Warning', item: 'Testing' });
  });

  it('says so when no status can be read', () => {
    const job = read(message('Duplicati Backup report for Testing', report(['DeletedFiles: 0', 'ExaminedFiles: 12', 'SizeOfExamin'])));
    expect(job.status).toBeNull();
    expect(job.problems).toContain('no status could be read: the report has no ParsedResult');
  });
});

describe('Duplicati values', () => {
  it('reads a time without Unix seconds in the organization\'s zone', () => {
    const lines = ['MainOperation: Backup', 'ParsedResult: Success', 'VerboseOutput: False', 'EndTime: 1/8/2018 10:09:16 PM', 'BeginTime: 1/8/2018 10:09:16 PM', 'Duration: 00:00:00.2339903'];
    const job = read(message('Duplicati Backup report for test', report(lines)), { ...context, timezone: 'America/New_York' });
    expect(job.stoppedAt).toBe('2018-01-09T03:09:16Z');
    expect(job.version).toBeNull();
  });

  it('reads a 24-hour day-first time too', () => {
    const lines = FINISHED.map((l) => (l.startsWith('EndTime') ? 'EndTime: 16.02.2019 22:23:51' : l));
    expect(read(message('Duplicati Backup report for test', report(lines))).stoppedAt).toBe('2019-02-16T21:23:51Z');
  });

  it('names a value it cannot read instead of guessing', () => {
    const lines = FINISHED.map((l) => (l.startsWith('Duration') ? 'Duration: 00:00:0' : l.startsWith('EndTime') ? 'EndTime: yesterday' : l));
    const job = read(message('Duplicati Backup report for test', report([...lines, 'SizeOfExaminedFiles: 12 XB'])));
    expect(job.problems).toEqual(['EndTime: "yesterday" is not a time', 'Duration: "00:00:0" is not a duration', 'SizeOfExaminedFiles: "12 XB" is not a size']);
    expect(job.durationSeconds).toBeNull();
  });

  it('says which finished-run lines are missing', () => {
    const job = read(message('Duplicati Backup report for test', report(['MainOperation: Backup', 'ParsedResult: Success'])));
    expect(job.problems).toEqual(['BeginTime: missing', 'EndTime: missing', 'Duration: missing']);
  });

  it('reads an exception sent as the JSON report\'s Data', () => {
    const body = JSON.stringify({ Data: { ClassName: 'System.Exception', Message: 'Disk full', StackTraceString: '   at X.Y ()' }, Extra: { OperationName: 'Backup', 'backup-name': 'Docs' }, LogLines: [] });
    const job = read(message('Duplicati Backup report for Docs', body));
    expect(job).toMatchObject({ status: 'failure', item: 'Docs', type: 'Backup', keyLines: ['Failed: Disk full'] });
  });

  it('gives a problem, not a throw, for a JSON report it cannot parse', () => {
    const job = read(message('Duplicati Backup report for Docs', '{"Data":{"ParsedResult":"Succ'));
    expect(job.problems[0]).toMatch(/^the JSON report could not be read/);
    expect(job.item).toBe('Docs');
  });
});

describe('Duplicati recognition', () => {
  it('recognises a custom subject by the body\'s MainOperation and ParsedResult lines, and says the name is missing', () => {
    const m = message('Nightly backup finished', report(FINISHED));
    expect(duplicatiFormat.recognises(m)).toBe(true);
    expect(read(m).problems).toContain('the backup name could not be read (the subject is not "Duplicati <operation> report for <backup>")');
  });

  it('reads a forwarded copy\'s subject', () => {
    expect(read(message('Fwd: Duplicati Backup report for Laptop', report(FINISHED))).item).toBe('Laptop');
  });

  it.each([
    ['/work/main/test/fixtures/comet-success.eml'],
    ...readdirSync('test/fixtures/formats/urbackup').filter((f) => f.endsWith('.eml')).map((f) => [`test/fixtures/formats/urbackup/${f}`]),
    ...readdirSync('test/fixtures/formats/cron').filter((f) => f.endsWith('.eml')).map((f) => [`test/fixtures/formats/cron/${f}`]),
  ])('does not claim %s', async (path) => {
    expect(duplicatiFormat.recognises(await fixture(path))).toBe(false);
  });

  it('does not claim a CI mail, a Duplicati subject over another body, or cron mail carrying a dump', () => {
    expect(duplicatiFormat.recognises(message('[Success] deploy #412', 'ParsedResult: ok\nAll green'))).toBe(false);
    expect(duplicatiFormat.recognises(message('Duplicati Backup report for X', 'Hello, see you at lunch'))).toBe(false);
    const cron = message('Cron <root@nas> /usr/local/bin/duplicati-report.sh', report(FINISHED), [{ name: 'x-cron-env', value: '<SHELL=/bin/sh>' }]);
    expect(duplicatiFormat.recognises(cron)).toBe(false);
  });

  it('finishes fast on a hostile body', () => {
    const hostile = [
      `ParsedResult: Success\nMainOperation: Backup\nMessages: [\n${'    x,\n'.repeat(200_000)}`,
      `${'A'.repeat(3_000_000)}: ${'['.repeat(10)}`,
      `Details: ${'\n   at '.repeat(100_000)}`,
      `EndTime: ${'1'.repeat(10_000)} (${'9'.repeat(10_000)})`,
      `{"Data":${'['.repeat(100_000)}`,
    ];
    const started = Date.now();
    for (const text of hostile) {
      const m = message(`Duplicati Backup report for ${'x '.repeat(50_000)}`, text);
      duplicatiFormat.recognises(m);
      expect(() => duplicatiFormat.read(m, context)).not.toThrow();
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
