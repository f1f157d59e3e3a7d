import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { acronisFormat } from './acronis.format.js';
import { readSubject } from './acronis.subject.js';

const FIXTURES = 'test/fixtures/formats';
const DIR = join(FIXTURES, 'acronis');
const CONTEXT: ReadContext = { timezone: 'Europe/London', receivedAt: '2026-05-20T10:00:00Z', options: {} };

const load = async (path: string) => reportMessageOf(await parseMessage(readFileSync(path)));
const fixture = (name: string) => load(join(DIR, name));
const message = (subject: string, text = '', html: string | null = '<p></p>', from = 'noreply-abc@cloud.acronis.com'): ReportMessage =>
  ({ subject, from: [from], headers: [], text, html, attachments: [] });
const one = (m: ReportMessage) => {
  const jobs = acronisFormat.read(m, CONTEXT);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
};

function foreignFixtures(): string[] {
  const emls = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => join(dir, f)) : []);
  const formats = readdirSync(FIXTURES).filter((d) => d !== 'acronis').map((d) => join(FIXTURES, d));
  return [...formats.flatMap(emls), ...emls('test/fixtures'), ...emls('test/fixtures/comet')];
}

describe('acronis fixtures', () => {
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, unknown[]>;

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort());
  });

  it.each(Object.entries(expected))('%s is recognised and read as expected', async (name, jobs) => {
    const m = await fixture(name);
    expect(acronisFormat.recognises(m)).toBe(true);
    expect(acronisFormat.read(m, CONTEXT).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }))).toEqual(jobs);
  });

  it('reads the failure alert: its message, time, group path, account and destination', async () => {
    expect(one(await fixture('acronis-failed.eml'))).toMatchObject({
      product: 'Acronis Cyber Protect Cloud',
      statusText: 'FAILED',
      stoppedAt: '2026-05-19T20:02:31Z',
      keyLines: ['Cannot connect to the machine where network share is located.'],
      problems: [],
      extra: {
        'acronis.groupPath': 'Northbridge IT (#0204411) > Harbor Dental',
        'acronis.backupAccount': 'harboradmin',
        'acronis.destination': '\\\\nas01\\backups\\ledger',
      },
    });
  });

  it('keeps the warning message of a cloud-to-cloud backup', async () => {
    const job = one(await fixture('acronis-warning.eml'));
    expect(job.keyLines).toEqual(['Some items of the mailbox reception@harbor-dental.example were skipped because they are too large.']);
    expect(job.statusText).toBe('SUCCEEDED WITH WARNINGS');
  });

  it('has no key lines for a success', async () => {
    expect(one(await fixture('acronis-succeeded.eml'))).toMatchObject({ keyLines: [], problems: [], stoppedAt: '2026-05-20T22:41:05Z' });
  });

  it('reads what it can of a cut subject, from the body too, and says what is missing', async () => {
    const job = one(await fixture('acronis-malformed.eml'));
    expect(job.problems).toEqual(['the subject is cut off in its "machine" part', 'no plan could be read']);
    expect(job.keyLines).toEqual(['The backup location is not available.']);
  });

  it('reads the older plain-text task log: its last line and its error blocks', async () => {
    expect(one(await fixture('acronis-legacy-failed.eml'))).toMatchObject({
      product: 'Acronis Backup & Recovery',
      statusText: 'has failed',
      errorCount: 2,
      keyLines: ['The backup location \\\\nas01\\images is not available. (error code 1638415)', 'Failed to write to the archive. (error code 41)'],
      problems: [],
    });
  });
});

describe('acronis subjects', () => {
  it.each([
    ['BACKUP SUCCEEDED (group: X)(resource: Y)(plan: Z)', 'success'],
    ['BACKUP SUCCEEDED WITH WARNINGS  (group: X)(resource: Y)(plan: Z)', 'warning'],
    ['BACKUP FAILED (group: A > X)(backup account: a)(machine: M)(plan: P)', 'failure'],
    ['Backup failed (group: X)(machine: M)(plan: P)', 'failure'],
  ] as const)('%s is %s', (subject, status) => {
    expect(one(message(subject)).status).toBe(status);
  });

  it('reads the parts in any order, brackets inside values included', () => {
    const job = one(message('BACKUP FAILED (plan: Bobs Backup (14/04/26))(machine: DESKTOP-IC6BFS8)(group: Gecko IT Services (#0191292) > Daron Ford Motors)'));
    expect(job).toMatchObject({ tenant: 'Daron Ford Motors', device: 'DESKTOP-IC6BFS8', item: 'Bobs Backup (14/04/26)', problems: [] });
  });

  it('reads a forwarded subject', () => {
    expect(one(message('FW: RE: BACKUP SUCCEEDED (group: X)(machine: M)(plan: P)')).status).toBe('success');
  });

  it('falls back on the backup account for the tenant when there is no group', () => {
    expect(one(message('BACKUP FAILED (backup account: acme-admin)(machine: M)(plan: P)')).tenant).toBe('acme-admin');
  });

  it('keeps a result it does not know as status text with a problem', () => {
    const job = one(message('BACKUP DID NOT START (group: X)(machine: M)(plan: P)'));
    expect(job).toMatchObject({ status: null, statusText: 'DID NOT START', problems: ['"BACKUP DID NOT START" is not a result backwatch knows'] });
  });

  it('takes the status from the body title when the subject result is unknown', () => {
    const job = one(message('BACKUP ENDED (group: X)(machine: M)(plan: P)', 'Backup succeeded with warnings\nM\nOne file was locked.\nDevice\nM'));
    expect(job).toMatchObject({ status: 'warning', statusText: 'Backup succeeded with warnings', keyLines: ['One file was locked.'], problems: [] });
  });

  it('reads the rows of a flattened body: label and value on one line', () => {
    const text = 'Backup failed May 19, 2026, 9:02:31 PM\nCannot connect to the machine.\nDevice BigR-NewPC\nPlan name Nas Backup\nGroup Biztech > R Brown\nAccount backups@biztech.example';
    const job = one(message('BACKUP FAILED (group: Biztech > R Brown)', text));
    expect(job).toMatchObject({ device: 'BigR-NewPC', item: 'Nas Backup', tenant: 'R Brown', stoppedAt: '2026-05-19T20:02:31Z', keyLines: ['Cannot connect to the machine.'] });
  });

  it.each([
    'BACKUP FAILED',
    'BACKUP FAILED (no colon here)',
    'DAILY STATUS REPORT ON May 19, 2026, 4:40:25 PM (group: X) (Critical: 0, Error: 0, Warning: 1, Information: 0)',
    'Backup report from example.com [OK]',
  ])('"%s" is no backup alert', (subject) => {
    expect(readSubject(subject)).toBeNull();
    expect(acronisFormat.recognises(message(subject))).toBe(false);
  });
});

describe('acronis recognition', () => {
  it.each(foreignFixtures())('does not claim %s', async (path) => {
    expect(acronisFormat.recognises(await load(path))).toBe(false);
  });

  it.each([
    ['[Failed] Backup nightly (3 objects)', 'CI run failed'],
    ['Backup failed', 'The backup has failed.'],
    ['Cron <root@host> /usr/local/bin/acronis-backup.sh', 'Acronis Backup & Recovery 11.5\nTask has failed.'],
    ['Nightly job', 'Copied the Acronis share.\nJob has failed.'],
  ])('does not claim "%s"', (subject, text) => {
    expect(acronisFormat.recognises(message(subject, text, null, 'root@host.example'))).toBe(false);
  });

  it('claims a plain-text task log that names the product and ends like one', () => {
    const m = message('Task report', 'Acronis Backup & Recovery 11.5\nError code: 3\nMessage: Disk full.\nTask \'Daily\' has failed.', null, 'backup@host.example');
    expect(acronisFormat.recognises(m)).toBe(true);
    expect(one(m)).toMatchObject({ item: 'Daily', status: 'failure', keyLines: ['Disk full. (error code 3)'] });
  });

  it('does not read an HTML mail that ends like a task log as one', () => {
    expect(acronisFormat.recognises(message('Acronis newsletter', 'Your trial has failed.', '<p>Your trial has failed.</p>'))).toBe(false);
  });
});

describe('acronis robustness', () => {
  it('reads a subject cut in the middle of a value without throwing', () => {
    const job = one(message('BACKUP SUCCEEDED (group: X)(plan: Weekly (full'));
    expect(job).toMatchObject({ status: 'success', tenant: 'X', item: null });
    expect(job.problems).toEqual(['the subject is cut off in its "plan" part', 'no machine or resource could be read', 'no plan could be read']);
  });

  it('finishes fast on hostile input', () => {
    const subjects = [
      `BACKUP FAILED ${'('.repeat(1_900)}`,
      `BACKUP FAILED (group: ${'(x: '.repeat(400)}`,
      `BACKUP FAILED ${'(a'.repeat(900)}`,
      `${'FW: '.repeat(400)}BACKUP FAILED (group: X)`,
    ];
    const text = `Backup failed ${'May 1, '.repeat(30_000)}\n${'Device\n'.repeat(50_000)}${'Error code: 1\n'.repeat(20_000)}x has failed.`;
    const started = performance.now();
    for (const subject of subjects) {
      for (const m of [message(subject, text), message(subject, text, null)]) {
        acronisFormat.recognises(m);
        acronisFormat.read(m, CONTEXT);
      }
    }
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
