import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { cronFormat } from './cron.format.js';

const DIR = 'test/fixtures/formats/cron';
const context: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2024-05-02T00:00:00Z', options: {} };
const emptyIsSuccess: ReadContext = { ...context, options: { emptyOutputIsSuccess: true } };

const fixture = async (path: string) => reportMessageOf(await parseMessage(readFileSync(path)));

const CRON_DAEMON = [{ name: 'from', value: 'root (Cron Daemon)' }, { name: 'x-cron-env', value: '<SHELL=/bin/sh>' }];

function message(subject: string, text: string, headers = CRON_DAEMON): ReportMessage {
  return { subject, from: ['"root"'], headers, text, html: null, attachments: [] };
}

const read = (m: ReportMessage, ctx = context) => cronFormat.read(m, ctx)[0]!;

describe('cron fixtures', () => {
  const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, unknown[]>;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  it.each(files)('%s is recognised and read as expected.json says', async (file) => {
    const m = await fixture(`${DIR}/${file}`);
    expect(cronFormat.recognises(m)).toBe(true);
    const jobs = cronFormat.read(m, context).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }));
    expect(jobs).toEqual(expected[file]);
  });

  it('keeps the output as the log and its error and warning lines as key lines, deciding nothing', async () => {
    const job = read(await fixture(`${DIR}/cron-failure.eml`));
    expect(job).toMatchObject({ status: 'unknown', statusText: null, problems: [] });
    expect(job.log).toHaveLength(8);
    expect(job.log[0]).toEqual({ at: null, text: 'ssh: connect to host db01 port 22: Connection timed out' });
    expect(job.keyLines).toEqual([
      'rsync error: unexplained error (code 255) at io.c(231) [Receiver=3.2.7]',
      'rsnapshot encountered an error! The program was invoked with these options:',
      'ERROR: /usr/bin/rsync returned 255 while processing root@db01:/var/lib/postgresql/',
    ]);
    expect(job.extra).toEqual({ 'cron.user': 'root', 'cron.outputLines': 8 });
  });

  it('reads a raw Latin-1 subject and body', async () => {
    const job = read(await fixture(`${DIR}/cron-latin1.eml`));
    expect(job.log[1]!.text).toBe('Avertissement : le répertoire /srv/partage/échanges est verrouillé, ignoré');
    expect(job.extra['cron.user']).toBe('sauvegarde');
  });

  it('reads systemd-cron\'s Failure mail as a failure of the crontab line\'s command', async () => {
    const job = read(await fixture(`${DIR}/systemd-cron-failure.eml`));
    expect(job).toMatchObject({ status: 'failure', statusText: 'failed', extra: { 'cron.user': 'root' } });
    expect(job.keyLines).toContain('Main PID: 88412 (code=exited, status=1/FAILURE)');
  });
});

describe('cron status', () => {
  it('leaves output to the check\'s rules: unknown, and no problem', () => {
    const job = read(message('Cron <root@nas> /usr/local/bin/backup.sh', 'Backup FAILED: disk full\n'));
    expect(job).toMatchObject({ status: 'unknown', problems: [], keyLines: ['Backup FAILED: disk full'] });
  });

  it('counts empty or blank output as a success only when the option says so', () => {
    const blank = message('Cron <root@nas> /usr/local/bin/backup.sh', ' \r\n\t\n');
    expect(read(blank).status).toBe('unknown');
    expect(read(blank, emptyIsSuccess)).toMatchObject({ status: 'success', statusText: 'no output', log: [] });
    expect(read(message('Cron <root@nas> /usr/local/bin/backup.sh', 'done\n'), emptyIsSuccess).status).toBe('unknown');
  });

  it('declares the option, off by default', () => {
    expect(cronFormat.options).toEqual([expect.objectContaining({ name: 'emptyOutputIsSuccess', default: false })]);
  });

  it('reads Debian\'s " (failed)" after the command as a failure of the same job', () => {
    const job = read(message('Cron <root@nas> /usr/local/bin/backup.sh (failed)', 'tar: /srv: Cannot open\n'));
    expect(job).toMatchObject({ status: 'failure', item: '/usr/local/bin/backup.sh', device: 'nas' });
  });
});

describe('cron subjects', () => {
  it('trims the command and keeps at most 200 characters of it', () => {
    const job = read(message(`Cron <backup@files.example.org>   /opt/run.sh ${'x'.repeat(500)}  `, 'ok'));
    expect(job.device).toBe('files.example.org');
    expect(job.item).toHaveLength(200);
    expect(job.item!.startsWith('/opt/run.sh x')).toBe(true);
  });

  it.each([
    ['[db02] Output: root\'s crontab "@daily /usr/local/bin/report"', '/usr/local/bin/report', 'root', 'unknown'],
    ['[db02] Failure: /etc/crontab "17 * * * * backup cd / && run-parts --report /etc/cron.hourly"', 'cd / && run-parts --report /etc/cron.hourly', 'backup', 'failure'],
    ['[db02] Failure: /etc/cron.daily/logrotate', '/etc/cron.daily/logrotate', null, 'failure'],
    ['[db02] job cron-root-0.service failed', 'cron-root-0.service', null, 'failure'],
  ])('reads the systemd-cron subject %j', (subject, item, user, status) => {
    const job = read(message(subject, 'x', [{ name: 'from', value: 'root (systemd-cron)' }]));
    expect({ item: job.item, user: job.extra['cron.user'], status: job.status, device: job.device }).toEqual({ item, user, status, device: 'db02' });
  });

  it('recognises old vixie and micron senders', () => {
    expect(cronFormat.recognises({ ...message('Cron <root@h> ls', 'x', []), from: ['(Cron Daemon) <root@h.example>'] })).toBe(true);
    expect(cronFormat.recognises(message('Cron <root@h> ls', 'x', [{ name: 'from', value: '"(Cron daemon)" <root@h>' }]))).toBe(true);
  });
});

describe('cron recognition', () => {
  it.each([
    ['/work/main/test/fixtures/comet-success.eml'],
    ...readdirSync('test/fixtures/formats/duplicati').filter((f) => f.endsWith('.eml')).map((f) => [`test/fixtures/formats/duplicati/${f}`]),
    ...readdirSync('test/fixtures/formats/urbackup').filter((f) => f.endsWith('.eml')).map((f) => [`test/fixtures/formats/urbackup/${f}`]),
  ])('does not claim %s', async (path) => {
    expect(cronFormat.recognises(await fixture(path))).toBe(false);
  });

  it.each([
    ['Cron <root@nas> ls', []],
    ['Cron job results', CRON_DAEMON],
    ['Cron <nobody> ls', CRON_DAEMON],
    ['[Success] nightly build', CRON_DAEMON],
    ['[db02] Failure: something', [{ name: 'from', value: 'monitor <m@x>' }]],
  ])('does not claim %j without cron\'s subject and sender', (subject, headers) => {
    expect(cronFormat.recognises(message(subject, 'x', headers))).toBe(false);
  });

  it('finishes fast on hostile input', () => {
    const started = Date.now();
    const job = read(message(`Cron <root@h> ${'x'.repeat(1_000_000)}`, `${'error '.repeat(200_000)}\n${'warn\n'.repeat(300_000)}`));
    expect(cronFormat.recognises(message(`Cron <${'@'.repeat(100_000)}> x`, 'x'))).toBe(false);
    cronFormat.recognises(message(`[${'['.repeat(100_000)}] Failure: ${'"'.repeat(100_000)}`, 'x', [{ name: 'from', value: 'root (systemd-cron)' }]));
    expect(job.keyLines.length).toBeLessThanOrEqual(20);
    expect(job.log.length).toBeLessThanOrEqual(2_000);
    expect(job.problems).toEqual(['the output is longer than 512 KB; the rest was not read']);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
