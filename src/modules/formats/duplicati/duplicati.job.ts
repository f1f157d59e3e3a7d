import { emptyJob, MAX_KEY_LINES, MAX_LOG_LINES, type ReportJob } from '../formats.models.js';
import { parseCount, parseDuration, secondsBetween } from '../formats.units.js';
import type { DuplicatiReport } from './duplicati.report.js';
import type { DuplicatiSubject } from './duplicati.subject.js';
import { isProblemLevel, readDuplicatiSize, readDuplicatiTime, readLogLine, statusOfResult } from './duplicati.values.js';

export const DUPLICATI_PRODUCT = 'Duplicati';
const MAX_LINE_TEXT = 2_000;
const MAX_QUOTED = 100;
/** A finished run's report prints these; a report without them was cut off. */
const REQUIRED = ['MainOperation', 'BeginTime', 'EndTime', 'Duration'] as const;

/** The rule fields Duplicati adds: counts and flags the generic fields do not carry. */
export const DUPLICATI_FIELDS = [
  { name: 'duplicati.addedFiles', description: 'Files added in this run (AddedFiles)' },
  { name: 'duplicati.modifiedFiles', description: 'Files changed since the last run (ModifiedFiles)' },
  { name: 'duplicati.deletedFiles', description: 'Files deleted since the last run (DeletedFiles)' },
  { name: 'duplicati.sizeOfAddedFiles', description: 'Bytes of the files added (SizeOfAddedFiles)' },
  { name: 'duplicati.sizeOfModifiedFiles', description: 'Bytes of the files changed (SizeOfModifiedFiles)' },
  { name: 'duplicati.filesWithError', description: 'Files that could not be read (FilesWithError)' },
  { name: 'duplicati.partialBackup', description: 'True when the run stopped before all files were backed up (PartialBackup)' },
  { name: 'duplicati.knownFileSize', description: 'Bytes stored at the destination (BackendStatistics KnownFileSize)' },
  { name: 'duplicati.backupListCount', description: 'Backup versions kept at the destination (BackendStatistics BackupListCount)' },
] as const;

const cut = (text: string) => (text.length > MAX_LINE_TEXT ? text.slice(0, MAX_LINE_TEXT) : text);
const quoted = (value: string) => `"${value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value}"`;
const firstLines = (items: string[][] | null) => (items ?? []).map((item) => item[0] ?? '').filter(Boolean);

/** A job from a Duplicati report and its subject; what could not be read is said in `problems`. */
export function jobOfReport(report: DuplicatiReport, subject: DuplicatiSubject | null, zone: string): ReportJob {
  const job = emptyJob(DUPLICATI_PRODUCT);
  const problems = job.problems;
  problems.push(...report.problems);
  const read = <T>(label: string, value: string | null, parse: (v: string) => T | null, what: string): T | null => {
    if (value === null || value.trim() === '') return null;
    const parsed = parse(value);
    if (parsed === null) problems.push(`${label}: ${quoted(value)} ${what}`);
    return parsed;
  };
  const field = (key: string) => report.field(key);

  job.item = report.backupName ?? subject?.backupName ?? null;
  job.device = report.machineName;
  job.type = field('MainOperation') ?? report.operationName ?? subject?.operation ?? null;
  readStatus(job, report, subject);

  job.startedAt = read('BeginTime', field('BeginTime'), (v) => readDuplicatiTime(v, zone), 'is not a time');
  job.stoppedAt = read('EndTime', field('EndTime'), (v) => readDuplicatiTime(v, zone), 'is not a time');
  const duration = read('Duration', field('Duration'), parseDuration, 'is not a duration');
  job.durationSeconds = duration === null ? secondsBetween(job.startedAt, job.stoppedAt) : Math.round(duration * 1000) / 1000;
  job.sizeBytes = read('SizeOfExaminedFiles', field('SizeOfExaminedFiles'), readDuplicatiSize, 'is not a size');
  job.files = read('ExaminedFiles', field('ExaminedFiles'), parseCount, 'is not a count');
  job.transferredBytes = read('BackendStatistics BytesUploaded', report.backend('BytesUploaded'), readDuplicatiSize, 'is not a size');
  job.version = field('Version')?.trim().split(/\s/)[0] || null;

  const counted = countFromLog(report.logLines);
  job.warningCount = report.warnings?.length ?? report.warningCount ?? counted?.warnings ?? null;
  job.errorCount = report.errors?.length ?? report.errorCount ?? counted?.errors ?? null;
  job.keyLines = keyLinesOf(report);
  job.log = logOf(report);

  const count = (label: string, value: string | null) => read(label, value, parseCount, 'is not a count');
  const size = (label: string, value: string | null) => read(label, value, readDuplicatiSize, 'is not a size');
  job.extra = {
    'duplicati.addedFiles': count('AddedFiles', field('AddedFiles')),
    'duplicati.modifiedFiles': count('ModifiedFiles', field('ModifiedFiles')),
    'duplicati.deletedFiles': count('DeletedFiles', field('DeletedFiles')),
    'duplicati.sizeOfAddedFiles': size('SizeOfAddedFiles', field('SizeOfAddedFiles')),
    'duplicati.sizeOfModifiedFiles': size('SizeOfModifiedFiles', field('SizeOfModifiedFiles')),
    'duplicati.filesWithError': count('FilesWithError', field('FilesWithError')),
    'duplicati.partialBackup': field('PartialBackup'),
    'duplicati.knownFileSize': size('BackendStatistics KnownFileSize', report.backend('KnownFileSize')),
    'duplicati.backupListCount': count('BackendStatistics BackupListCount', report.backend('BackupListCount')),
  };

  if (report.failed === null && field('ParsedResult') !== null) {
    for (const key of REQUIRED) if (field(key) === null && !(key === 'MainOperation' && job.type)) problems.push(`${key}: missing`);
  }
  for (const key of report.unclosed) problems.push(`${key}: the list ends without its closing "]" (the report is cut off)`);
  if (job.item === null) problems.push('the backup name could not be read (the subject is not "Duplicati <operation> report for <backup>")');
  return job;
}

function readStatus(job: ReportJob, report: DuplicatiReport, subject: DuplicatiSubject | null) {
  const word = report.field('ParsedResult');
  if (report.failed !== null) {
    // An exception ended the run (Duplicati's Fatal), whatever the partial result says.
    job.status = 'failure';
    job.statusText = word ?? subject?.result ?? 'Failed';
  } else if (word !== null) {
    job.status = statusOfResult(word);
    job.statusText = word;
    if (job.status === null) job.problems.push(`ParsedResult: ${quoted(word)} is not a Duplicati result`);
  } else if (subject?.result) {
    job.status = statusOfResult(subject.result);
    job.statusText = subject.result;
  } else {
    job.problems.push('no status could be read: the report has no ParsedResult');
  }
}

/** Warnings and errors in the log, when the log is whole (Duplicati ends a shortened one with "... and N more"). */
function countFromLog(lines: string[]): { warnings: number; errors: number } | null {
  if (lines.length === 0 || lines.some((l) => /^\.\.\. and \d+ more$/.test(l.trim()))) return null;
  let warnings = 0;
  let errors = 0;
  for (const line of lines) {
    const level = readLogLine(line).level;
    if (level === 'Warning') warnings++;
    else if (level === 'Error') errors++;
  }
  return { warnings, errors };
}

function keyLinesOf(report: DuplicatiReport): string[] {
  const lines = [
    ...(report.failed === null ? [] : [`Failed: ${report.failed}`]),
    ...firstLines(report.errors),
    ...firstLines(report.warnings),
    ...report.logLines.filter((l) => isProblemLevel(readLogLine(l).level)),
  ];
  return [...new Set(lines.map((l) => cut(l.trim())).filter(Boolean))].slice(0, MAX_KEY_LINES);
}

function logOf(report: DuplicatiReport) {
  const lines = [
    ...(report.messages ?? []).flat(),
    ...(report.warnings ?? []).flat(),
    ...(report.errors ?? []).flat(),
    ...report.details,
    ...report.logLines,
  ];
  return lines
    .filter((l) => l.trim() !== '')
    .slice(0, MAX_LOG_LINES)
    .map((l) => ({ at: readLogLine(l.trim()).at, text: cut(l.trim()) }));
}
