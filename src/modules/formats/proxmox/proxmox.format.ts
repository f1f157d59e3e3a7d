import type { JobStatus } from '../../../shared/status.js';
import { emptyJob, MAX_KEY_LINES, type ReadContext, type ReportFormat, type ReportJob, type ReportMessage } from '../formats.models.js';
import { parseDuration, parseSize } from '../formats.units.js';
import { readGuestLogs, type GuestLog } from './proxmox.logs.js';
import { isVzdumpSubject, readVzdumpSubject, type VzdumpSubject } from './proxmox.subject.js';
import { findGuestTable, isGuestTableHeader, type GuestRow } from './proxmox.table.js';

const PRODUCT = 'Proxmox VE';
const SENDER = 'vzdump backup tool';
/** The item of a run that failed before any guest was backed up (no table rows). */
export const RUN_ITEM = 'vzdump';
// Logs are capped at 1 MiB by vzdump itself; this leaves room for the table and the HTML rendering.
const MAX_TEXT = 2 * 1024 * 1024;
const MAX_LINES = 40_000;
const RECOGNITION_TEXT = 64 * 1024;
const RECOGNITION_LINES = 200;
/** The ≤ 8.0 table cuts guest names to this many characters. */
const TABLE_NAME_WIDTH = 20;

const STATUS_WORDS = new Map<string, JobStatus>([
  ['ok', 'success'],
  ['err', 'failure'],
  ['error', 'failure'],
  ['failed', 'failure'],
  // A guest still waiting when the run was aborted: it was not backed up.
  ['todo', 'failure'],
]);

/** Cells that stand for "nothing": the 8.1 table prints a failed guest's file as `null`, ≤ 8.0 as `-`. */
const NO_FILE = new Set(['-', 'null', 'unknown']);

const FIELDS = [
  { name: 'proxmox.vmid', description: "The guest's VMID" },
  { name: 'proxmox.guestType', description: 'qemu (a VM) or lxc (a container), from the guest log' },
  { name: 'proxmox.filename', description: 'Where the guest was written: an archive file or a Proxmox Backup Server snapshot' },
  { name: 'proxmox.runStatus', description: "The whole run's status from the subject: backup successful, backup failed…" },
] as const;

const lower = (values: string[]) => values.map((v) => v.toLowerCase());

function recognises(message: ReportMessage): boolean {
  if (isVzdumpSubject(message.subject)) return true;
  if (!lower(message.from).some((f) => f.includes(SENDER))) return false;
  return message.text.slice(0, RECOGNITION_TEXT).split(/\r?\n/, RECOGNITION_LINES).some(isGuestTableHeader);
}

function read(message: ReportMessage, context: ReadContext): ReportJob[] {
  const subject = readVzdumpSubject(message.subject);
  const lines = message.text.slice(0, MAX_TEXT).split(/\r?\n/, MAX_LINES);
  const table = findGuestTable(lines);
  if (!table || table.rows.length === 0) return [runJob(subject, lines, table === null ? null : table.header)];
  const logs = readGuestLogs(lines, table.end, new Set(table.rows.map((r) => r.vmid)), context.timezone);
  return table.rows.map((row) => guestJob(row, logs.get(row.vmid) ?? null, subject));
}

function baseJob(subject: VzdumpSubject | null): ReportJob {
  const job = emptyJob(PRODUCT);
  job.type = 'Backup';
  job.device = subject?.node ?? null;
  job.extra['proxmox.runStatus'] = subject?.statusText ?? null;
  if (!subject) job.problems.push('the node could not be read from the subject');
  return job;
}

/** A run with no guest rows: it failed before any guest (storage missing, hook script failed). */
function runJob(subject: VzdumpSubject | null, lines: string[], header: number | null): ReportJob {
  const job = baseJob(subject);
  job.item = RUN_ITEM;
  job.status = subject?.outcome ?? null;
  job.statusText = subject?.statusText ?? null;
  if (subject?.error) job.keyLines.push(subject.error);
  // The errors vzdump writes above the table (8.1 puts them above its "Details" heading).
  for (const line of lines.slice(0, header ?? 0)) {
    const text = line.trim();
    if (!text || text === 'Details' || /^=+$/.test(text) || job.keyLines.length >= MAX_KEY_LINES) continue;
    if (!job.keyLines.includes(text)) job.keyLines.push(text);
  }
  job.errorCount = job.status === 'failure' ? job.keyLines.length : null;
  if (header === null) job.problems.push('no guest table (VMID NAME STATUS TIME SIZE FILENAME) was found');
  if (job.status === null) job.problems.push('no status could be read');
  return job;
}

function guestJob(row: GuestRow, log: GuestLog | null, subject: VzdumpSubject | null): ReportJob {
  const job = baseJob(subject);
  const name = fullName(row.name, log?.name ?? null);
  job.item = guestItem(row.vmid, name);
  job.statusText = row.statusText;
  job.status = guestStatus(row, log, job.problems);
  const failed = job.status === 'failure';
  // A failed guest has no archive: its size is a placeholder (0.00MB, 0 B) and its file may be blank.
  const missing = failed ? row.missing.filter((column) => column !== 'Size' && column !== 'Filename') : row.missing;
  if (missing.length) job.problems.push(`the table row ends before ${missing.join(', ')}`);
  job.durationSeconds = guestTime(row.time, job.problems);
  if (!failed) job.sizeBytes = guestSize(row.size, job.problems);
  job.extra['proxmox.vmid'] = row.vmid;
  job.extra['proxmox.filename'] = row.filename && !NO_FILE.has(row.filename) ? row.filename : null;
  job.extra['proxmox.guestType'] = log?.guestType ?? null;
  job.objects = 1;
  if (log) {
    job.log = log.log;
    job.keyLines = log.keyLines;
    job.errorCount = log.errors;
    job.warningCount = log.warnings;
    job.startedAt = log.startedAt;
    job.stoppedAt = log.stoppedAt;
  }
  if (row.detail && job.keyLines.length < MAX_KEY_LINES) job.keyLines = [...job.keyLines, row.detail];
  return job;
}

/** `100 web01`; a guest without a name is printed as `VM 100`, which stands alone. */
function guestItem(vmid: string, name: string | null): string {
  if (!name) return vmid;
  return name === `VM ${vmid}` ? name : `${vmid} ${name}`;
}

/** The log's name where the table shows it cut to 20 characters. */
function fullName(tableName: string | null, logName: string | null): string | null {
  if (tableName && logName && tableName.length === TABLE_NAME_WIDTH && logName.startsWith(tableName)) return logName;
  return tableName ?? logName;
}

function guestStatus(row: GuestRow, log: GuestLog | null, problems: string[]): JobStatus | null {
  if (row.statusText === null) {
    problems.push('no status could be read');
    return null;
  }
  const status = STATUS_WORDS.get(row.statusText.toLowerCase());
  if (!status) {
    problems.push(`Status: "${row.statusText}" is not a vzdump status`);
    return 'unknown';
  }
  // A guest backed up with WARN or ERROR lines in its log (a failed notes update, a skipped mount point).
  return status === 'success' && log && log.errors + log.warnings > 0 ? 'warning' : status;
}

function guestTime(text: string | null, problems: string[]): number | null {
  if (text === null) return null;
  // 8.1 prints a guest that took under 0.1 s (one that failed at once) as "<0.1s".
  const seconds = text === '<0.1s' ? 0 : parseDuration(text);
  if (seconds === null) problems.push(`Time: "${text}" is not a duration`);
  return seconds;
}

function guestSize(text: string | null, problems: string[]): number | null {
  if (text === null) return null;
  const bytes = parseSize(text, 1024);
  if (bytes === null) problems.push(`Size: "${text}" is not a size`);
  return bytes;
}

export const proxmoxFormat: ReportFormat = {
  id: 'proxmox',
  product: PRODUCT,
  recognises,
  read,
  fields: FIELDS,
};
