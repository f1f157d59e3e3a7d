import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { synologyFormat } from './synology.format.js';
import { parseDsmTime } from './synology.time.js';

const FIXTURES = 'test/fixtures/formats';
const DIR = join(FIXTURES, 'synology');
const CONTEXT: ReadContext = { timezone: 'Europe/Rome', receivedAt: '2026-05-01T10:00:00Z', options: {} };
const UNREAD = 'the report is in a language backwatch does not read; its status was not read';

const load = async (path: string) => reportMessageOf(await parseMessage(readFileSync(path)));
const fixture = (name: string) => load(join(DIR, name));
const message = (subject: string, text = '', html: string | null = null): ReportMessage => ({ subject, from: ['nas@example.com'], headers: [], text, html, attachments: [] });
const read = (m: ReportMessage) => synologyFormat.read(m, CONTEXT);
const one = (m: ReportMessage) => {
  const jobs = read(m);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
};

/** Every .eml the repository holds that is not this format's: other formats', Comet's and the parser's. */
function foreignFixtures(): string[] {
  const emls = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => join(dir, f)) : []);
  const formats = readdirSync(FIXTURES).filter((d) => d !== 'synology').map((d) => join(FIXTURES, d));
  return [...formats.flatMap(emls), ...emls('test/fixtures'), ...emls('test/fixtures/comet')];
}

describe('synology fixtures', () => {
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, unknown[]>;

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort());
  });

  it.each(Object.entries(expected))('%s is recognised and read as expected', async (name, jobs) => {
    const m = await fixture(name);
    expect(synologyFormat.recognises(m)).toBe(true);
    expect(read(m).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }))).toEqual(jobs);
  });

  it('reads times, size and the protected device of the English success report', async () => {
    const job = one(await fixture('abb-en-success.eml'));
    expect(job).toMatchObject({
      product: 'Synology Active Backup for Business',
      statusText: 'has completed',
      startedAt: '2026-04-25T22:02:00Z',
      stoppedAt: '2026-04-25T22:18:00Z',
      durationSeconds: 960,
      transferredBytes: Math.round(14.4 * 1024 ** 3),
      keyLines: [],
      problems: [],
      extra: { 'synology.protectedDevices': 'RECEPTION-PC' },
    });
    expect(job.parts.map((p) => p.name)).toEqual(['RECEPTION-PC']);
  });

  it('reads the Italian sample: ora inizio, ora fine, dimensioni trasferite, dispositivo', async () => {
    expect(one(await fixture('abb-it-success.eml'))).toMatchObject({
      statusText: 'completata',
      startedAt: '2026-04-25T22:02:00Z',
      stoppedAt: '2026-04-25T22:18:00Z',
      transferredBytes: Math.round(14.4 * 1024 ** 3),
      extra: { 'synology.protectedDevices': 'PCMROSSI' },
      problems: [],
    });
  });

  it('keeps the failure sentence of an HTML-only report as key lines, not the labels or the footer', async () => {
    const job = one(await fixture('abb-en-failure.eml'));
    expect(job.keyLines).toEqual([
      'Backup task SRV-Files on NAS-OFFICE has failed.',
      'Failed to connect to the device SRV-FILES01. Make sure the device is online and the Active Backup for Business Agent is running.',
    ]);
    expect(job).toMatchObject({ transferredBytes: 0, durationSeconds: 31 * 60, problems: [] });
  });

  it('lists every protected device of a warning report as a part', async () => {
    const job = one(await fixture('abb-en-warning.eml'));
    expect(job.parts.map((p) => p.name)).toEqual(['LT-ANNA', 'LT-BEN']);
    expect(job.keyLines).toContain('Some files on LT-BEN could not be backed up because they were in use.');
  });

  it('reads a German report as Synology with an unknown status and says why', async () => {
    const job = one(await fixture('abb-de-unknown.eml'));
    expect(job.problems).toEqual([UNREAD]);
    expect(job.statusText).toBe('Die Sicherungsaufgabe PC-Buchhaltung auf NAS-ARCHIV wurde abgeschlossen');
    expect(job.startedAt).toBeNull();
  });
});

describe('synology status words', () => {
  it.each([
    ['Backup task T on NAS has completed', 'success'],
    ['Backup task T on NAS has completed successfully', 'success'],
    ['Backup task T on NAS completed with warnings', 'warning'],
    ['Backup task T on NAS has partially completed', 'warning'],
    ['Backup task T on NAS was cancelled', 'warning'],
    ['Backup task T on NAS has failed', 'failure'],
    ['attività di backup T su NAS completata', 'success'],
    ['attività di backup T su NAS avviso', 'warning'],
    ['attività di backup T su NAS parzialmente completata', 'warning'],
    ['attività di backup T su NAS non riuscita', 'failure'],
    ['backupopgave T på NAS er fuldført', 'success'],
    ['backupopgave T på NAS er delvist gennemført', 'warning'],
    ['backupopgave T på NAS er mislykkedes', 'failure'],
  ] as const)('"%s" is %s', (phrase, status) => {
    const job = one(message(`[NAS] Active Backup for Business - ${phrase}`));
    expect(job).toMatchObject({ status, item: 'T', device: 'NAS', problems: [] });
  });

  it('does not take "completed" out of "was not completed"', () => {
    expect(one(message('Active Backup for Business - Backup task T on NAS was not completed')).status).toBe('failure');
  });

  it('keeps an unknown result word as the status text, with no status and a problem', () => {
    const job = one(message('Active Backup for Business - Backup task T on NAS has been skipped'));
    expect(job).toMatchObject({ status: null, statusText: 'has been skipped', item: 'T', device: 'NAS' });
    expect(job.problems).toEqual(['the result "has been skipped" is not one backwatch knows']);
  });
});

describe('synology subjects', () => {
  it.each([
    ['Active Backup for Business - Backup task Daily on NAS01 has completed', 'NAS01', 'Daily'],
    ['NAS-BCK Active Backup for Business - Backup task Daily on NAS01 has completed', 'NAS01', 'Daily'],
    ['FW: [nas01] Active Backup for Business - Backup task Daily on NAS01 has completed', 'NAS01', 'Daily'],
    ['[NAS01] Active Backup for Business - Backup task Backup on Sunday on NAS01 has completed', 'NAS01', 'Backup on Sunday'],
    ['[NAS01] Hyper Backup - Backup task [Cloud Copy] on NAS01 has completed', 'NAS01', 'Cloud Copy'],
    ['Active Backup for Microsoft 365 - backupopgaven [Nordfjord A/S] på [FJORDSTORE] er delvist gennemført', 'FJORDSTORE', 'Nordfjord A/S'],
  ])('%s', (subject, device, item) => {
    expect(synologyFormat.recognises(message(subject))).toBe(true);
    expect(one(message(subject))).toMatchObject({ device, item });
  });

  it('names the product of a Microsoft 365 task', () => {
    expect(one(message('Active Backup for Microsoft 365 - backupopgaven [X] på [S] er fuldført'))).toMatchObject({
      product: 'Synology Active Backup for Microsoft 365',
      type: 'Active Backup for Microsoft 365',
    });
  });

  it('keeps two tasks of one NAS apart', () => {
    const [a, b] = ['PC-A', 'PC-B'].map((t) => one(message(`[NAS01] Active Backup for Business - Backup task ${t} on NAS01 has completed`)));
    expect(synologyFormat.key!(a!)).not.toEqual(synologyFormat.key!(b!));
  });

  it('reads a Hungarian subject as Synology, the NAS from its prefix, and leaves it undiscovered', () => {
    const job = one(message('[syn-hp2] Active Backup for Business - A(z) syn-hp2 eszközön a(z) PC-01 biztonsági mentése befejeződött'));
    expect(job).toMatchObject({ status: 'unknown', device: 'syn-hp2', item: null, problems: [UNREAD] });
    expect(synologyFormat.key!(job)).toBeNull();
  });

  it('leaves an English notice that is no task report alone', () => {
    const m = message('[NAS01] Active Backup for Business - The device PC-01 has been offline for 3 days', 'Dear user,\n\nThe device PC-01 ...\n\nFrom NAS01');
    expect(synologyFormat.recognises(m)).toBe(false);
    expect(read(m)).toEqual([]);
  });

  it('reads a custom English subject from the body sentence', () => {
    const m = message('[NAS01] Active Backup for Business - the nightly PC report', 'Dear user,\n\nBackup task PC-01 on NAS01 has failed.\n\nFrom NAS01');
    expect(synologyFormat.recognises(m)).toBe(true);
    expect(one(m)).toMatchObject({ status: 'failure', item: 'PC-01', device: 'NAS01', problems: [] });
  });

  it('takes the NAS of an unread language from a footer the subject names', () => {
    const job = one(message('Hyper Backup: la tâche Offsite sur DS-PARIS est terminée', 'Cher utilisateur,\n\nLa tâche ...\n\nDe DS-PARIS\n'));
    expect(job).toMatchObject({ status: 'unknown', device: 'DS-PARIS', product: 'Synology Hyper Backup' });
  });

  it('reads a custom subject that names no product from the body sentence', () => {
    const body = ["L'attività di backup JOB-DEMO su NAS-DEMO è stata completata.", 'Ora d’inizio: 17/06/2026 10:00', 'Ora di fine: 17/06/2026 10:01',
      'Dimensioni trasferite: 522,6 MB', 'Elenco dispositivi: PC-DEMO', 'Synology Active Backup for Business', 'Da NAS-DEMO'].join('\n');
    const m = message('[NAS-DEMO] attività di backup JOB-DEMO su NAS-DEMO completata', body);
    expect(synologyFormat.recognises(m)).toBe(true);
    expect(one(m)).toMatchObject({ status: 'success', item: 'JOB-DEMO', device: 'NAS-DEMO', durationSeconds: 60, transferredBytes: Math.round(522.6 * 1024 ** 2) });
  });

  it('takes the status from the body when a customised subject does not say it', () => {
    const body = "L'attività di backup JOB-DEMO su NAS-DEMO non è stata completata.\nOra d’inizio: 17/06/2026 10:00\nDa NAS-DEMO";
    expect(one(message('NAS Active Backup for Business - attività di backup JOB-DEMO su NAS-DEMO', body))).toMatchObject({
      status: 'failure',
      statusText: 'non è stata completata',
      item: 'JOB-DEMO',
    });
  });
});

describe('synology recognition', () => {
  it.each(foreignFixtures())('does not claim %s', async (path) => {
    expect(synologyFormat.recognises(await load(path))).toBe(false);
  });

  it.each([
    ['[Success] Backup nightly (3 objects)', 'CI run finished'],
    ['Cron <root@nas01> /usr/local/bin/backup.sh', 'rsync done'],
    ['Success - Backup of "Documents"', 'Job Report'],
    ['How to set up Hyper Backup to Backblaze', 'Read our guide to Hyper Backup.'],
    ['Active Backup for Business webinar', 'Join us'],
    ['Backup task Daily on NAS01 has completed', 'Backup task Daily on NAS01 has completed.'],
  ])('does not claim "%s"', (subject, text) => {
    expect(synologyFormat.recognises(message(subject, text))).toBe(false);
  });
});

describe('synology robustness', () => {
  it('reports an unreadable time and size as problems and keeps the rest', () => {
    const body = 'Dear user,\n\nBackup task T on NAS has completed.\n\nStart time: yesterday-ish\nEnd time: 2026-04-26 00:18\nTransferred size: 12 XB\n\nFrom NAS';
    const job = one(message('[NAS] Active Backup for Business - Backup task T on NAS has completed', body));
    expect(job).toMatchObject({ status: 'success', startedAt: null, stoppedAt: '2026-04-25T22:18:00Z', transferredBytes: null });
    expect(job.problems).toEqual(['Start time: "yesterday-ish" is not a time', 'Transferred size: "12 XB" is not a size']);
  });

  it('says so when the end is before the start', () => {
    const body = 'Start time: 2026-04-26 03:00\nEnd time: 2026-04-26 02:00';
    expect(one(message('Active Backup for Business - Backup task T on NAS has failed', body)).problems).toEqual(['the end time is before the start time']);
  });

  it('reads a truncated report without throwing', () => {
    const job = one(message('[NAS] Active Backup for Business - Backup task', 'Dear user,\n\nBackup ta'));
    expect(job).toMatchObject({ status: null, item: null });
    expect(job.problems).toEqual(['no status could be read', 'no task name could be read']);
  });

  it('finishes fast on hostile input', () => {
    const text = `${'Start time: '.repeat(20_000)}\n${'.'.repeat(200_000)}\n${'Backup task on '.repeat(50_000)}\n${'['.repeat(100_000)}`;
    const subjects = [
      '['.repeat(5_000),
      `Active Backup for Business - Backup task ${' on '.repeat(240)}`,
      `[${'x'.repeat(900)}] Hyper Backup ${'task '.repeat(15)}`,
      `Active Backup for Business - attività ${'su '.repeat(300)}`,
    ];
    const started = performance.now();
    for (const subject of subjects) {
      synologyFormat.recognises(message(subject, text));
      read(message(subject, text));
    }
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('parseDsmTime', () => {
  const at = (text: string, dayFirst = true) => parseDsmTime(text, dayFirst, 'Europe/Rome', '2026-05-01T10:00:00Z');
  it.each([
    ['26/04/2026 00:02', true, '2026-04-25T22:02:00Z'],
    ['04/26/2026 12:02 AM', false, '2026-04-25T22:02:00Z'],
    ['05/04/2026 10:00', true, '2026-04-05T08:00:00Z'],
    ['05/04/2026 10:00', false, '2026-05-04T08:00:00Z'],
    ['2026-04-26 00:02:13', true, '2026-04-25T22:02:13Z'],
    ['2026/04/26 1:05 PM', true, '2026-04-26T11:05:00Z'],
    ['07:30', true, '2026-05-01T05:30:00Z'],
  ] as const)('%s (day first: %s) is %s', (text, dayFirst, expected) => {
    expect(at(text, dayFirst)).toBe(expected);
  });

  it.each(['13/13/2026 10:00', '2026-04-26', 'soon', '26/04/26 10:00', '13:00 PM'])('%s is no time', (text) => {
    expect(at(text)).toBeNull();
  });
});
