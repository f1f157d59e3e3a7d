import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../messages/messages.parse.js';
import { reportMessageOf } from '../formats.message.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { pbsFormat } from './pbs.format.js';
import { readPbsSubject } from './pbs.subject.js';

const DIR = 'test/fixtures/formats/pbs/';
const CONTEXT: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2024-06-02T00:00:00Z', options: {} };
const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as Record<string, unknown[]>;

const messageOf = async (raw: Buffer) => reportMessageOf(await parseMessage(raw));
const fixture = (file: string) => messageOf(readFileSync(DIR + file));
const read = (message: ReportMessage) => pbsFormat.read(message, CONTEXT);
const readOne = async (file: string) => read(await fixture(file))[0]!;

function mail(subject: string, text: string, from = 'Proxmox Backup Server - pbs09 <root@pbs09.example.lan>'): ReportMessage {
  return { subject, from: [from], headers: [], text, html: null, attachments: [] };
}

describe('the pbs fixtures', () => {
  it.each(Object.keys(expected))('%s gives the jobs in expected.json', async (file) => {
    const message = await fixture(file);
    expect(pbsFormat.recognises(message)).toBe(true);
    const jobs = read(message).map(({ tenant, device, item, type, status }) => ({ tenant, device, item, type, status }));
    expect(jobs).toEqual(expected[file]);
  });

  it('lists every fixture in expected.json', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort()).toEqual(Object.keys(expected).sort());
  });
});

describe('garbage collection', () => {
  it('reads the figures, the protected data as the size and the start from the task ID', async () => {
    const job = await readOne('pbs-gc-ok.eml');
    expect(job).toMatchObject({
      product: 'Proxmox Backup Server',
      device: 'pbs01',
      item: 'Garbage collection store1',
      type: 'Garbage collection',
      status: 'success',
      statusText: 'Garbage collection successful',
      startedAt: '2024-06-02T00:00:05Z',
      sizeBytes: Math.round(38.217 * 1024 ** 4),
      problems: [],
      extra: {
        'pbs.indexFiles': 1284,
        'pbs.removedBytes': Math.round(12.37 * 1024 ** 3),
        'pbs.removedChunks': 5123,
        'pbs.badChunks': 0,
        'pbs.pendingBytes': Math.round(1.482 * 1024 ** 3),
        'pbs.pendingChunks': 612,
        'pbs.diskBytes': Math.round(2.911 * 1024 ** 4),
        'pbs.diskChunks': 1843521,
        'pbs.dedupFactor': 13.13,
      },
    });
  });

  it('is a warning when bad chunks are left over', async () => {
    const job = await readOne('pbs-gc-ok-bad-chunks.eml');
    expect(job).toMatchObject({ status: 'warning', statusText: 'Garbage collection successful', warningCount: 1, keyLines: ['Leftover bad chunks: 3'] });
    expect(job.extra['pbs.removedBadChunks']).toBe(1);
  });

  it('keeps the error of a failed run', async () => {
    const job = await readOne('pbs-gc-err.eml');
    expect(job).toMatchObject({ status: 'failure', errorCount: 1, sizeBytes: null });
    expect(job.keyLines[0]).toMatch(/^Garbage collection failed: update atime failed/);
  });

  it('says what it could not read in a damaged report, and keeps the rest', async () => {
    const job = await readOne('pbs-gc-malformed.eml');
    expect(job).toMatchObject({ status: 'success', device: 'pbs01', item: 'Garbage collection store1', sizeBytes: null });
    expect(job.extra['pbs.removedBytes']).toBeNull();
    expect(job.extra['pbs.removedChunks']).toBe(5012);
    expect(job.problems).toEqual(['Removed garbage: "12.5 XB" is not a size', 'the report ends without Original data usage, On-disk usage']);
  });
});

describe('verify', () => {
  it('lists the snapshots that failed as parts', async () => {
    const job = await readOne('pbs-verify-err.eml');
    expect(job).toMatchObject({ item: 'Verify store1 (v-3f1c9a02-7b44)', status: 'failure', errorCount: 3, objects: 3 });
    expect(job.parts.map((p) => [p.name, p.status])).toEqual([
      ['vm/104/2024-06-05T23:00:03Z', 'failure'],
      ['vm/104/2024-06-06T23:00:02Z', 'failure'],
      ['ns/clients/ct/230/2024-06-07T01:15:44Z', 'failure'],
    ]);
    expect(job.keyLines).toHaveLength(4);
  });

  it('reads failed snapshots the template ran together on one line', () => {
    const text = '\nJob ID:    v-1\nDatastore: store1\n\nVerification failed on these snapshots/groups:\n\n    vm/1/2024-01-01T00:00:00Z    vm/2/2024-01-01T00:00:00Z\n\n\nPlease visit the web interface for further details:\n\n<https://pbs09.example.lan:8007/#pbsServerAdministration:tasks>\n';
    const [job] = read(mail("Verify Datastore 'store1' failed", text));
    expect(job!.parts.map((p) => p.name)).toEqual(['vm/1/2024-01-01T00:00:00Z', 'vm/2/2024-01-01T00:00:00Z']);
  });

  it('is a success with no parts when verification passed', async () => {
    expect(await readOne('pbs-verify-ok.eml')).toMatchObject({ status: 'success', statusText: 'Verification successful', parts: [], errorCount: 0 });
  });
});

describe('sync, prune and tape backup', () => {
  it('names a remote sync by its target, source and job', async () => {
    const job = await readOne('pbs-sync-remote-ok.eml');
    expect(job).toMatchObject({ device: 'pbs02', item: 'Sync offsite1 from pbs01-main/store1 (s-8e02d7b1-c5a0)', status: 'success', extra: { 'pbs.remote': 'pbs01-main', 'pbs.sourceStore': 'store1', 'pbs.jobId': 's-8e02d7b1-c5a0' } });
  });

  it('names a local sync by its target and source store', async () => {
    const job = await readOne('pbs-sync-local-err.eml');
    expect(job).toMatchObject({ item: 'Sync usb-rotation from store1 (s-51aa30fe-2d19)', status: 'failure', extra: { 'pbs.remote': null, 'pbs.sourceStore': 'store1' } });
    expect(job.keyLines).toEqual(["Synchronization failed: datastore 'usb-rotation' is in maintenance mode: offline"]);
  });

  it('keeps the error of a failed prune', async () => {
    const job = await readOne('pbs-prune-err.eml');
    expect(job).toMatchObject({ type: 'Prune', item: 'Prune store1 (p-store1-daily)', status: 'failure', statusText: 'Pruning failed' });
  });

  it('reads the duration, snapshots and tapes of a tape backup', async () => {
    const job = await readOne('pbs-tape-backup-ok.eml');
    expect(job).toMatchObject({
      item: 'Tape backup store1 (weekly-lto)',
      status: 'success',
      durationSeconds: 2 * 3600 + 38 * 60 + 6,
      objects: 4,
      extra: { 'pbs.tapePool': 'weekly', 'pbs.tapeDrive': 'lto8-0', 'pbs.tapes': 'WK0012L8, WK0013L8' },
      problems: [],
    });
    expect(job.parts[0]).toMatchObject({ name: 'ct/110/2024-06-08T19:00:02Z', status: 'success' });
  });

  it('names a tape backup without a job by its datastore', async () => {
    expect(await readOne('pbs-tape-backup-err.eml')).toMatchObject({ item: 'Tape backup store1', status: 'failure', extra: { 'pbs.tapePool': 'monthly' } });
  });
});

describe('the subject', () => {
  it.each([
    ["Verify Datastore 'store1' successful", { kind: 'verify', store: 'store1', outcome: 'success' }],
    ["Verify Datastore 'store1' failed", { kind: 'verify', outcome: 'failure' }],
    ["Garbage Collect Datastore 'store1' failed", { kind: 'gc', store: 'store1', outcome: 'failure' }],
    ["Sync remote 'r1' datastore 'src' successful ", { kind: 'sync', remote: 'r1', remoteStore: 'src', store: null, outcome: 'success' }],
    ["Sync local datastore 'src' failed", { kind: 'sync', remote: null, remoteStore: 'src', outcome: 'failure' }],
    ["Pruning datastore 'store1' successful", { kind: 'prune', store: 'store1', outcome: 'success' }],
    ["Tape Backup 'weekly' datastore 'store1' successful", { kind: 'tape', id: 'weekly', store: 'store1', outcome: 'success' }],
    ["Tape Backup datastore 'store1' failed", { kind: 'tape', id: null, store: 'store1', outcome: 'failure' }],
  ])('%s', (subject, fields) => {
    expect(readPbsSubject(subject)).toMatchObject(fields);
  });

  it('an unknown outcome word leaves the status to the body, with a problem', () => {
    const [job] = read(mail("Pruning datastore 'store1' aborted", '\nJob ID:       p1\nDatastore:    store1\n\nPruning failed: interrupted\n'));
    expect(job).toMatchObject({ status: 'failure', problems: ['"aborted" is not a Proxmox Backup Server outcome'] });
  });

  it('says so when the subject and the body disagree', () => {
    const [job] = read(mail("Pruning datastore 'store1' successful", '\nJob ID:       p1\nDatastore:    store1\n\nPruning failed: interrupted\n'));
    expect(job).toMatchObject({ status: 'success', problems: ['the subject says successful but the body says Pruning failed'] });
  });
});

describe('recognition', () => {
  it('claims no other product’s mail', async () => {
    const files = [
      ...readdirSync('test/fixtures/formats/proxmox').filter((f) => f.endsWith('.eml')).map((f) => `test/fixtures/formats/proxmox/${f}`),
      'test/fixtures/comet-success.eml',
    ];
    for (const file of files) expect(pbsFormat.recognises(await messageOf(readFileSync(file))), file).toBe(false);
  });

  it.each([
    ['Success - Backup of "Documents"', 'Datastore: x'],
    ['[Success] Verify Datastore pipeline', 'ok'],
    ['Cron <root@pbs01> proxmox-backup-manager garbage-collection start store1', 'Datastore: store1'],
  ])('not "%s"', (subject, text) => {
    expect(pbsFormat.recognises(mail(subject, text))).toBe(false);
  });

  it('wants the PBS sender or a PBS body besides the subject', () => {
    expect(pbsFormat.recognises(mail("Verify Datastore 'store1' failed", 'see attachment', 'qa@example.lan'))).toBe(false);
    expect(pbsFormat.recognises(mail("Verify Datastore 'store1' failed", '\nJob ID:    v-1\nDatastore: store1\n', 'relay@example.lan'))).toBe(true);
  });

  it('reads what the subject says when the body is garbled', () => {
    const [job] = read(mail("Verify Datastore 'store1' successful", '\u0000\u0001\n:::'));
    expect(job).toMatchObject({ device: 'pbs09', item: 'Verify store1', status: 'success', problems: [] });
  });
});

describe('hostile input', () => {
  it('finishes fast on long lines and huge lists', () => {
    const text = [
      `Datastore: ${'a'.repeat(100_000)}`,
      `Pending removals: ${'1 '.repeat(50_000)} (in 9 chunks)`,
      'Verification failed on these snapshots/groups:',
      ...Array.from({ length: 30_000 }, () => `${'vm/1 '.repeat(40)}`),
      `<https://${'a.'.repeat(50_000)}:8007/#`,
      ':'.repeat(200_000),
    ].join('\n');
    const subject = `Sync remote '${"'".repeat(20_000)}' datastore '${'x'.repeat(20_000)}' successful`;
    const started = performance.now();
    pbsFormat.recognises(mail(subject, text));
    const [job] = read(mail("Verify Datastore 'store1' failed", text));
    read(mail(subject, text));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(job!.keyLines.length).toBeLessThanOrEqual(20);
    expect(job!.parts.length).toBeLessThanOrEqual(2_000);
  });
});
