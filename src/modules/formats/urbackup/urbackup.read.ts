import { emptyJob, MAX_KEY_LINES, MAX_LOG_LINES, type JobLogLine, type ReportJob } from '../formats.models.js';
import { parseDuration, parseSize, zonedTime } from '../formats.units.js';
import type { AlertSubject, BackupKind, BackupSubject } from './urbackup.subject.js';

export const URBACKUP_PRODUCT = 'UrBackup';
const MAX_LINES = 5_000;
const MAX_LINE_TEXT = 2_000;

/** One check per client and kind: incremental and full backups, and the alerts, land on the same check. */
export const itemOf = (kind: BackupKind) => (kind === 'file' ? 'File backup' : 'Image backup');

// ( 3 infos, 1 warning, 0 errors)
const COUNTS = /^\(\s*(\d{1,9}) infos?, (\d{1,9}) warnings?, (\d{1,9}) errors?\)$/;
// 2024-05-01 21:00:03(warning): message — the server's local time, no space before the level.
const LOG_LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\((info|warning|error)\): ?(.*)$/;
const OUTCOME = /^Backup (succeeded|failed|completed with issues)$/;
// The status a mailer pushed out of the subject into the body: `- failed` on the first body line.
const SPLIT_RESULT = /^-\s*(success|failed)$/i;

interface BodyLine extends JobLogLine {
  level: 'info' | 'warning' | 'error' | null;
  message: string;
}

function readLines(text: string, zone: string): { lines: BodyLine[]; counts: number[] | null; split: 'success' | 'failed' | null } {
  const raw = text.split(/\r?\n/, MAX_LINES);
  const lines: BodyLine[] = [];
  let counts: number[] | null = null;
  let split: 'success' | 'failed' | null = null;
  const firstLine = raw.find((l) => l.trim() !== '')?.trim() ?? '';
  const splitMatch = SPLIT_RESULT.exec(firstLine);
  if (splitMatch) split = splitMatch[1]!.toLowerCase() as 'success' | 'failed';
  for (const line of raw) {
    const trimmed = line.trim();
    if (counts === null) {
      const c = COUNTS.exec(trimmed);
      if (c) counts = [Number(c[1]), Number(c[2]), Number(c[3])];
    }
    const m = LOG_LINE.exec(trimmed);
    if (m) {
      const [, y, mo, d, h, mi, s, level, msg] = m;
      const at = zonedTime({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +s! }, zone);
      lines.push({ at, level: level as BodyLine['level'], message: msg!, text: cut(trimmed) });
    } else if (trimmed !== '' && lines.length > 0) {
      // A message that ran over several lines.
      lines.push({ at: null, level: null, message: trimmed, text: cut(trimmed) });
    }
  }
  return { lines, counts, split };
}

const cut = (text: string) => (text.length > MAX_LINE_TEXT ? text.slice(0, MAX_LINE_TEXT) : text);

/** A backup report: the subject's kind and client, the body's counts and log. */
export function readBackupReport(subject: BackupSubject, text: string, zone: string): ReportJob {
  const job = emptyJob(URBACKUP_PRODUCT);
  const { lines, counts, split } = readLines(text, zone);
  job.device = subject.client;
  job.item = itemOf(subject.kind);
  job.type = `${subject.mode} ${subject.kind} backup`;
  job.log = lines.slice(0, MAX_LOG_LINES).map(({ at, text: t }) => ({ at, text: t }));
  job.keyLines = lines.filter((l) => l.level === 'warning' || l.level === 'error').map((l) => l.text).slice(0, MAX_KEY_LINES);
  if (counts) [, job.warningCount, job.errorCount] = counts as [number, number, number];
  else job.problems.push('the counts line "( N infos, N warnings, N errors)" is missing');

  const started = lines.find((l) => l.message.startsWith('Starting '));
  const outcome = [...lines].reverse().find((l) => OUTCOME.test(l.message));
  job.startedAt = started?.at ?? null;
  job.stoppedAt = outcome?.at ?? null;
  const taken = lines.find((l) => l.message.startsWith('Time taken for backing up client '));
  if (taken) job.durationSeconds = parseDuration(taken.message.slice(taken.message.lastIndexOf(': ') + 2));
  const transferred = lines.find((l) => l.message.startsWith('Transferred '));
  if (transferred) job.transferredBytes = parseSize(transferred.message.slice('Transferred '.length).split(' - ')[0]!, 1024);

  const result = subject.result ?? split;
  if (subject.result === null && split !== null) job.problems.push(`the subject's " - ${split}" arrived as a line of its own (a broken header); read from there`);
  const issues = (job.warningCount ?? 0) + (job.errorCount ?? 0) > 0 || job.keyLines.length > 0;
  if (result === 'failed') {
    job.status = 'failure';
    job.statusText = 'failed';
  } else if (result === 'success') {
    // UrBackup says success for a backup that logged warnings; those need a look.
    job.status = issues ? 'warning' : 'success';
    job.statusText = 'success';
  } else {
    readStatusFromLog(job, outcome?.message ?? null);
  }
  return job;
}

/** When the subject lost its ending: the log's last word on the backup, else the counts. */
function readStatusFromLog(job: ReportJob, outcome: string | null) {
  job.problems.push('the subject has no " - success" or " - failed"; the status is read from the log');
  if (outcome === 'Backup failed' || (job.errorCount ?? 0) > 0) job.status = 'failure';
  else if (outcome === 'Backup completed with issues' || (job.warningCount ?? 0) > 0) job.status = 'warning';
  else if (outcome === 'Backup succeeded') job.status = 'success';
  else job.problems.push('no status could be read');
  job.statusText = outcome;
}

/** `No recent file backup` is a failure with no backup run; `File backup status is OK` its recovery. */
export function readAlert(subject: AlertSubject, text: string): ReportJob {
  const job = emptyJob(URBACKUP_PRODUCT);
  job.device = subject.client;
  job.item = itemOf(subject.kind);
  job.type = 'Backup status alert';
  job.status = subject.missing ? 'failure' : 'success';
  job.statusText = subject.words;
  const body = text.slice(0, MAX_LINE_TEXT).trim().split(/\r?\n/)[0]?.trim() ?? '';
  if (body) {
    job.log = [{ at: null, text: body }];
    if (subject.missing) job.keyLines = [body];
  }
  return job;
}
