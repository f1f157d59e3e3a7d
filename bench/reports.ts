/** Comet Backup job reports as CheckCentral's guide shows them, one per protected item "Item{i}". */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/shared/version.js';

export type ReportStatus = 'Success' | 'Warning' | 'Error';

export interface Report {
  /** Which check it is meant for: the i in "user{i}: Item{i}". */
  item: number;
  status: ReportStatus;
  raw: string;
}

export const SENDER = 'backup@client.example';
export const INBOX = 'reports@backwatch.local';

// Mostly successes, as in real fleets, with enough warnings and errors to exercise every status group.
export function statusFor(n: number): ReportStatus {
  const r = n % 10;
  return r === 0 ? 'Error' : r === 1 ? 'Warning' : 'Success';
}

const LOG_STEPS = [
  'Looking up account settings...',
  'Starting backup...',
  'Taking filesystem snapshot...',
  'This backup process can access protected files.',
  'Checking Storage Vault free space...',
  'This Storage Vault contains 32.383 KB.',
  'Deduplicating based on previous backup job (29549a56)',
  'Building cache...',
  'Scanning 1 path(s)...',
  'Found 7 files (168.627 KB) in 3 directories. (took 0:00)',
  'Duration: 0:03, 0.05 MB/s',
  'Backup job saved (f3bf170c).',
];

const CLOSING = ['Finding backup job(s) in Storage Vault...', 'Filtering by retention policy...', 'Found 0 backup job(s) eligible for removal.'];

/**
 * Report number n (0-based) of a run, for one of `checks` items (or always for item `only`),
 * padded with log lines to about `size` bytes.
 */
export function cometReport(n: number, checks: number, size: number, runId: string, only?: number): Report {
  const item = only ?? (n % checks) + 1;
  const status = statusFor(n);
  const subject = `${status} - Backup of "Item${item}"`;
  const stamp = '27 Nov 18 13:55 EST';
  const headers = [
    `From: Comet Backup <${SENDER}>`,
    `To: ${INBOX}`,
    `Subject: ${subject}`,
    `Date: Tue, 27 Nov 2018 13:55:${String(n % 60).padStart(2, '0')} -0500`,
    `Message-ID: <bench-${runId}-${n}@client.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const summary = [
    'Job Report',
    '',
    subject,
    '',
    `Username: user${item}`,
    'Type: Backup',
    `Status: ${status}`,
    `Started: ${stamp}`,
    `Stopped: ${stamp}`,
    `Protected Item: "Item${item}"`,
    `Storage Vault: "Vault ${item}"`,
    `Device: "DESKTOP-${(item * 7919).toString(36).toUpperCase().padStart(7, '0')}"`,
    'Client Version: 18.9.5',
    'Total Directories: 2',
    'Total Files: 7',
    'Total Size: 168.627 KB',
    'Uploaded: 2.002 KB',
    'Downloaded: 7.578 KB',
    '',
  ];
  const ending = [
    ...CLOSING.map((l) => `${stamp} ${l}`),
    `${stamp} ${status === 'Success' ? 'Operation completed successfully.' : status === 'Warning' ? 'Completed with warnings.' : 'Operation failed.'}`,
    `${stamp} Job completed.`,
    '',
    `You are receiving this email because '${INBOX}' is registered as the email contact for the backup account 'user${item}'.`,
  ];
  const lines = [...headers, '', ...summary];
  let length = lines.join('\r\n').length + ending.join('\r\n').length + 2;
  for (let step = 0; ; step++) {
    const line = `${stamp} ${LOG_STEPS[step % LOG_STEPS.length]}`;
    if (length + line.length + 2 > size && step >= LOG_STEPS.length) break;
    lines.push(line);
    length += line.length + 2;
  }
  return { item, status, raw: [...lines, ...ending].join('\r\n') };
}

/** Every report-format fixture (test/fixtures/formats/<format>/*.eml), as sent, in a fixed order. */
export function formatFixtureReports(): string[] {
  const root = path.join(projectRoot(), 'test', 'fixtures', 'formats');
  return fs
    .readdirSync(root)
    .sort()
    .flatMap((format) => fs.readdirSync(path.join(root, format)).filter((f) => f.endsWith('.eml')).sort().map((f) => path.join(root, format, f)))
    .map((file) => fs.readFileSync(file, 'latin1').replace(/\r?\n/g, '\r\n'));
}
