import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { proxmoxFormat, RUN_ITEM } from './proxmox.format.js';
import { readVzdumpSubject } from './proxmox.subject.js';

const DIR = 'test/fixtures/formats/proxmox/';
const CONTEXT: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2024-06-10T00:00:00Z', options: {} };
const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as Record<string, unknown[]>;

const messageOf = async (raw: string | Buffer) => reportMessageOf(await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw)));
const fixture = (file: string) => messageOf(readFileSync(DIR + file));
const read = (message: ReportMessage) => proxmoxFormat.read(message, CONTEXT);

function textMail(subject: string, text: string, from = 'vzdump backup tool <root@pve9.example.lan>'): ReportMessage {
  return { subject, from: [from], headers: [], text, html: null, attachments: [] };
}

/** The HTML part of a fixture, sent alone. */
async function htmlOnly(file: string): Promise<ReportMessage> {
  const raw = readFileSync(DIR + file, 'utf8');
  const html = (await parseMessage(Buffer.from(raw))).html!;
  const head = raw.slice(0, raw.indexOf('\n\n')).split('\n').filter((l) => /^(From|To|Subject|Date):/.test(l));
  return messageOf([...head, 'MIME-Version: 1.0', 'Content-Type: text/html; charset="UTF-8"', '', html].join('\n'));
}

describe('the proxmox fixtures', () => {
  it.each(Object.keys(expected))('%s gives the jobs in expected.json', async (file) => {
    const message = await fixture(file);
    expect(proxmoxFormat.recognises(message)).toBe(true);
    const jobs = read(message).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }));
    expect(jobs).toEqual(expected[file]);
  });

  it('lists every fixture in expected.json', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort()).toEqual(Object.keys(expected).sort());
  });
});

describe('a vzdump run of PVE 8.0 and before', () => {
  it('makes each guest row a job with its time, size, file and log', async () => {
    const [web] = read(await fixture('vzdump-8.0-success.eml'));
    expect(web).toMatchObject({
      product: 'Proxmox VE',
      device: 'pve1.example.lan',
      item: '100 web01',
      type: 'Backup',
      status: 'success',
      statusText: 'ok',
      durationSeconds: 82,
      sizeBytes: Math.round(5.12 * 1024 ** 3),
      startedAt: '2024-04-30T23:00:02Z',
      stoppedAt: '2024-04-30T23:01:24Z',
      errorCount: 0,
      warningCount: 0,
      problems: [],
      extra: {
        'proxmox.vmid': '100',
        'proxmox.guestType': 'qemu',
        'proxmox.filename': '/mnt/pve/nas-backup/dump/vzdump-qemu-100-2024_05_01-01_00_02.vma.zst',
        'proxmox.runStatus': 'backup successful',
      },
    });
    expect(web!.log[0]).toEqual({ at: '2024-04-30T23:00:02Z', text: 'INFO: Starting Backup of VM 100 (qemu)' });
    expect(web!.log.every((line) => !line.text.startsWith('101:'))).toBe(true);
  });

  it('takes the whole name from the log where the table cut it to 20 characters', async () => {
    const jobs = read(await fixture('vzdump-8.0-success.eml'));
    expect(jobs[2]!.item).toBe('102 fileserver-archive-02');
    expect(jobs[2]!.sizeBytes).toBe(82 * 1024 ** 3);
    expect(jobs[2]!.durationSeconds).toBe(754);
  });

  it('makes a guest with WARN lines in its log a warning, and only that guest', async () => {
    const [mail, vpn] = read(await fixture('vzdump-8.0-warning.eml'));
    expect(mail).toMatchObject({ status: 'warning', statusText: 'ok', warningCount: 2, errorCount: 0 });
    expect(mail!.keyLines).toEqual([
      "WARN: guest-agent 'fs-freeze' command failed - got timeout",
      "WARN: unable to add notes - unexpected variable name 'hostname'",
    ]);
    expect(vpn).toMatchObject({ status: 'success', keyLines: [] });
  });

  it('makes a run that failed before any guest one job for the node, with the error', async () => {
    const jobs = read(await fixture('vzdump-8.0-storage-failed.eml'));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      device: 'pve1.example.lan',
      item: RUN_ITEM,
      status: 'failure',
      statusText: "backup failed: could not activate storage 'nas-backup': storage 'nas-backup' is not online",
      keyLines: ["could not activate storage 'nas-backup': storage 'nas-backup' is not online"],
      problems: [],
    });
  });

  it('reads the HTML table when the mail has no text part', async () => {
    const fromText = read(await fixture('vzdump-8.0-success.eml'));
    const fromHtml = read(await htmlOnly('vzdump-8.0-success.eml'));
    expect(fromHtml.map((j) => [j.item, j.status, j.statusText, j.durationSeconds, j.sizeBytes])).toEqual(
      fromText.map((j) => [j.item, j.status, 'OK', j.durationSeconds, j.sizeBytes]),
    );
    expect(fromHtml.flatMap((j) => j.problems)).toEqual([]);
  });

  it('reads the table alone when vzdump left the logs out for size', () => {
    const text = [
      'VMID       NAME                 STATUS       TIME       SIZE  FILENAME',
      '100        web01                ok       00:01:22     5.12GB  /dump/vzdump-qemu-100.vma.zst',
      'Log output was too long to be sent by mail. See Task History for details!',
    ].join('\n');
    const [job] = read(textMail('vzdump backup status (pve9.example.lan) : backup successful', text));
    expect(job).toMatchObject({ item: '100 web01', status: 'success', durationSeconds: 82, log: [], errorCount: null, warningCount: null, problems: [] });
  });

  it('takes the error the HTML table gives a failed guest in place of its size', () => {
    const text = ['VMID NAME  STATUS TIME     SIZE FILENAME', "101  db01  FAILED 00:00:05 unable to find VM '101'"].join('\n');
    const [job] = read(textMail('vzdump backup status (pve9.example.lan) : backup failed', text));
    expect(job).toMatchObject({ item: '101 db01', status: 'failure', sizeBytes: null, keyLines: ["unable to find VM '101'"], problems: [] });
  });
});

describe('a vzdump run of PVE 8.1 and later', () => {
  it('fails only the guest that failed, not its neighbours', async () => {
    const [db, app, cache] = read(await fixture('vzdump-8.1-one-failed.eml'));
    expect(db).toMatchObject({ item: '200 db01', status: 'success', durationSeconds: 263, sizeBytes: 22 * 1024 ** 3, extra: { 'proxmox.filename': 'vm/200/2024-06-09T23:00:02Z' } });
    expect(app).toMatchObject({
      item: '201 app01',
      status: 'failure',
      statusText: 'err',
      durationSeconds: 4,
      sizeBytes: null,
      errorCount: 2,
      problems: [],
      extra: { 'proxmox.filename': null, 'proxmox.runStatus': 'backup failed' },
    });
    expect(app!.keyLines).toContain("ERROR: Backup of VM 201 failed - VM 201 qmp command 'backup' failed - got timeout");
    expect(cache).toMatchObject({ item: '202 cache01', status: 'success', sizeBytes: Math.round(1.1 * 1024 ** 3), extra: { 'proxmox.guestType': 'lxc' } });
  });

  it('reads "<0.1s" as no time at all and names an unnamed guest "VM <vmid>"', async () => {
    const [vm, ct] = read(await fixture('vzdump-8.1-success.eml'));
    expect(vm).toMatchObject({ item: 'VM 300', durationSeconds: 3725, sizeBytes: 400 * 1024 ** 3 });
    expect(ct).toMatchObject({ item: '301 monitoring', durationSeconds: 0, problems: [] });
  });

  it('keeps every problem listed above the table of a run that failed before any guest', async () => {
    const [job] = read(await fixture('vzdump-8.1-multiple-problems.eml'));
    expect(job).toMatchObject({ item: RUN_ITEM, status: 'failure', statusText: 'backup failed: multiple problems', errorCount: 2 });
    expect(job!.keyLines[0]).toMatch(/^could not activate storage 'pbs-main'/);
    expect(job!.keyLines[1]).toMatch(/^could not get storage information for 'pbs-main'/);
  });

  it('reads the HTML table when the mail has no text part', async () => {
    const fromText = read(await fixture('vzdump-8.1-one-failed.eml'));
    const fromHtml = read(await htmlOnly('vzdump-8.1-one-failed.eml'));
    const view = (jobs: typeof fromText) => jobs.map((j) => [j.item, j.status, j.durationSeconds, j.sizeBytes, j.keyLines.length, j.problems]);
    expect(view(fromHtml)).toEqual(view(fromText));
  });
});

describe('the status of a guest row', () => {
  const row = (status: string) => read(textMail('vzdump backup status (pve9.example.lan): backup failed', `VMID    Name    Status    Time    Size    Filename\n105     web9    ${status.padEnd(10)}1s      1 KiB   x.vma\n`))[0]!;

  it.each([
    ['ok', 'success'],
    ['OK', 'success'],
    ['err', 'failure'],
    ['FAILED', 'failure'],
    ['todo', 'failure'],
  ] as const)('%s is %s', (word, status) => {
    expect(row(word)).toMatchObject({ status, statusText: word });
  });

  it('an unknown word is unknown, with a problem', () => {
    expect(row('partial')).toMatchObject({ status: 'unknown', statusText: 'partial', problems: ['Status: "partial" is not a vzdump status'] });
  });

  it('a row cut short keeps what it has and says what is missing', async () => {
    const jobs = read(await fixture('vzdump-malformed.eml'));
    expect(jobs[2]).toMatchObject({ item: '402 ci-runner', status: 'success', durationSeconds: null, sizeBytes: null });
    expect(jobs[2]!.problems).toEqual(['the table row ends before Time, Size, Filename']);
    expect(jobs[0]!.problems).toEqual([]);
  });

  it('a size that is no size is a problem, not a throw', () => {
    const [job] = read(textMail('vzdump backup status (pve9.example.lan): backup successful', 'VMID    Name    Status    Time    Size     Filename\n105     web9    ok        1s      12 XB    x.vma\n'));
    expect(job).toMatchObject({ status: 'success', sizeBytes: null, problems: ['Size: "12 XB" is not a size'] });
  });
});

describe('the subject', () => {
  it.each([
    ['vzdump backup status (pve1.example.lan) : backup successful', { node: 'pve1.example.lan', outcome: 'success', error: null, legacy: true }],
    ['vzdump backup status (pve1.example.lan) : backup failed', { outcome: 'failure', error: null, legacy: true }],
    ['vzdump backup status (pve1.example.lan) : backup failed: multiple problems', { outcome: 'failure', error: null }],
    ["vzdump backup status (pve1.example.lan) : backup failed: could not activate storage 'x'", { outcome: 'failure', error: "could not activate storage 'x'" }],
    ['vzdump backup status (pve3.example.lan): backup successful', { node: 'pve3.example.lan', outcome: 'success', legacy: false }],
    ['vzdump backup status (pve3.example.lan): backup failed', { outcome: 'failure', legacy: false }],
  ])('%s', (subject, fields) => {
    expect(readVzdumpSubject(subject)).toMatchObject(fields);
  });

  it('a run whose subject cannot be read still gives its guests, without a device', () => {
    const message = textMail('Fwd: nightly backup', 'VMID    Name    Status    Time    Size    Filename\n105     web9    ok        1s      1 KiB   x.vma\n');
    expect(proxmoxFormat.recognises(message)).toBe(true);
    expect(read(message)[0]).toMatchObject({ device: null, item: '105 web9', status: 'success', problems: ['the node could not be read from the subject'] });
  });
});

describe('recognition', () => {
  const foreign = async () => [
    ...readdirSync('test/fixtures/formats/pbs').filter((f) => f.endsWith('.eml')).map((f) => `test/fixtures/formats/pbs/${f}`),
    'test/fixtures/comet-success.eml',
  ];

  it('claims no other product’s mail', async () => {
    for (const file of await foreign()) expect(proxmoxFormat.recognises(await messageOf(readFileSync(file))), file).toBe(false);
  });

  it.each([
    ['Success - Backup of "Documents"', 'Backup completed'],
    ['[Success] nightly-deploy', 'VMID list updated'],
    ['Cron <root@pve1> vzdump 100 --quiet 1', 'INFO: Starting Backup of VM 100 (qemu)'],
    ['Re: vzdump backup status', 'the backup failed again'],
  ])('not "%s"', (subject, text) => {
    expect(proxmoxFormat.recognises(textMail(subject, text, 'ops@example.lan'))).toBe(false);
  });

  it('gives nothing rather than a throw for a recognised mail with a garbled body', () => {
    const jobs = read(textMail('vzdump backup status (pve9.example.lan): backup successful', '\u0000\u0001 garbage\n\n123'));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.problems).toContain('no guest table (VMID NAME STATUS TIME SIZE FILENAME) was found');
  });
});

describe('hostile input', () => {
  it('finishes fast on long lines and many rows', () => {
    const header = 'VMID    Name    Status    Time    Size    Filename';
    const rows = Array.from({ length: 6_000 }, (_, i) => `${i + 1}     ${'n'.repeat(50)} ok ${'1:'.repeat(500)}`);
    const logs = Array.from({ length: 30_000 }, (_, i) => `${(i % 6_000) + 1}: 2024-01-01 00:00:00 WARN: ${'x '.repeat(200)}`);
    const text = [' '.repeat(100_000), header, ...rows, '', ...logs, `1: ${'9'.repeat(200_000)}`].join('\n');
    const subject = `vzdump backup status (${'('.repeat(50_000)}): ${' :'.repeat(50_000)}`;
    const started = performance.now();
    const jobs = read(textMail(subject, text));
    proxmoxFormat.recognises(textMail(subject, text));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.length).toBeLessThanOrEqual(5_000);
    expect(jobs[0]!.keyLines.length).toBeLessThanOrEqual(20);
    expect(jobs[0]!.log.length).toBeLessThanOrEqual(2_000);
  });
});
