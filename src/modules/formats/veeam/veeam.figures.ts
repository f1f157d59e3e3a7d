import type { JobObject, ReadContext, ReportJob } from '../formats.models.js';
import { parseCount, parseDuration, parseSize, secondsBetween } from '../formats.units.js';
import { statusOf } from './veeam.product.js';
import type { ReportTables } from './veeam.report.js';
import { atDay, dayOf, fullTime, plusDays, sessionDay, timeOfDay, type Day } from './veeam.time.js';

const MAX_QUOTED = 80;
/** A report's stop time this far past the mail's arrival belongs to the day before. */
const ARRIVAL_SLACK_MS = 10 * 60 * 1000;

export const quoted = (value: string) => `"${value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value}"`;

/** Veeam's sizes are 1024-based: `120.5 GB`. */
const size = (text: string) => parseSize(text, 1024);

/** A grid value read with `parse`, a problem in words when it is there but unreadable. */
function gridValue<T>(tables: ReportTables, label: string, parse: (v: string) => T | null, what: string, problems: string[]): T | null {
  const value = tables.grid.get(label);
  if (!value) return null;
  const parsed = parse(value);
  if (parsed === null) problems.push(`${label[0]!.toUpperCase()}${label.slice(1)}: ${quoted(value)} ${what}`);
  return parsed;
}

/** Start and end from the grid, on the session's date, else on the day the mail came (or the day before, for a run past midnight). */
export function readTimes(job: ReportJob, tables: ReportTables, context: ReadContext): void {
  const start = tables.grid.get('start time') ?? '';
  const end = tables.grid.get('end time') ?? '';
  const dated = tables.sessionDate ? sessionDay(tables.sessionDate) : null;
  if (tables.sessionDate && !dated) job.problems.push(`the session date ${quoted(tables.sessionDate)} is not a date`);
  const arrival = dayOf(context.receivedAt, context.timezone);
  let times = timesOn(dated ?? arrival, start, end, context.timezone);
  const last = times.stoppedAt ?? times.startedAt;
  if (!dated && arrival && last && Date.parse(last) > Date.parse(context.receivedAt) + ARRIVAL_SLACK_MS) {
    times = timesOn(plusDays(arrival, -1), start, end, context.timezone);
  }
  job.startedAt = times.startedAt;
  job.stoppedAt = times.stoppedAt;
  if (start && !job.startedAt) job.problems.push(`Start time: ${quoted(start)} is not a time`);
  if (end && !job.stoppedAt) job.problems.push(`End time: ${quoted(end)} is not a time`);
}

function timesOn(day: Day | null, start: string, end: string, zone: string): { startedAt: string | null; stoppedAt: string | null } {
  const at = (value: string) => {
    if (!value) return null;
    const time = timeOfDay(value);
    return fullTime(value, zone) ?? (time && day ? atDay(day, time, zone) : null);
  };
  const startedAt = at(start);
  let stoppedAt = at(end);
  const endTime = timeOfDay(end);
  // An end without a (+1) that is before the start still fell on the next day.
  if (startedAt && stoppedAt && day && endTime && endTime.laterDays === 0 && Date.parse(stoppedAt) < Date.parse(startedAt)) {
    stoppedAt = atDay(plusDays(day, 1), endTime, zone);
  }
  return { startedAt, stoppedAt };
}

export function readFigures(job: ReportJob, tables: ReportTables): void {
  const p = job.problems;
  job.durationSeconds = gridValue(tables, 'duration', parseDuration, 'is not a duration', p) ?? secondsBetween(job.startedAt, job.stoppedAt);
  job.sizeBytes = gridValue(tables, 'total size', size, 'is not a size', p);
  job.transferredBytes = gridValue(tables, 'transferred', size, 'is not a size', p);
  const dataRead = gridValue(tables, 'data read', size, 'is not a size', p);
  const backupSize = gridValue(tables, 'backup size', size, 'is not a size', p);
  if (dataRead !== null) job.extra['veeam.dataRead'] = dataRead;
  if (backupSize !== null) job.extra['veeam.backupSize'] = backupSize;
}

/** The grid's object counts, when the Details table lists none. */
export function gridCounts(tables: ReportTables): { success: number | null; warning: number | null; error: number | null } {
  const count = (label: string) => {
    const value = tables.grid.get(label);
    return value ? parseCount(value) : null;
  };
  return { success: count('success'), warning: count('warning'), error: count('error') ?? count('failed') };
}

const cell = (row: string[], columns: string[], label: string) => {
  const at = columns.indexOf(label);
  return at < 0 ? '' : (row[at] ?? '').trim();
};

/** One object per Details row; a value that is there but unreadable is a problem, not a guess. */
export function readParts(tables: ReportTables, problems: string[]): JobObject[] {
  let unreadable = 0;
  const parts = tables.objects.map((row) => {
    const c = (label: string) => cell(row, tables.columns, label);
    const name = c('name').replace(/\n/g, ' ');
    const statusText = c('status').split('\n', 1)[0] || null;
    const sizeText = c('size');
    const durationText = c('duration');
    const sizeBytes = sizeText ? size(sizeText) : null;
    let durationSeconds = durationText ? parseDuration(durationText) : null;
    if (durationSeconds === null && !durationText) durationSeconds = timeOfDaySpan(c('start time'), c('end time'));
    for (const [text, value, what] of [[sizeText, sizeBytes, 'Size'], [durationText, durationSeconds, 'Duration']] as const) {
      if (text && value === null && unreadable++ < 5) problems.push(`${what} of ${quoted(name)}: ${quoted(text)} is not a ${what.toLowerCase()}`);
    }
    const detail = c('details').split('\n').map((l) => l.trim()).filter(Boolean).join(' ') || null;
    return { name, status: statusOf(statusText), statusText, sizeBytes, durationSeconds, detail };
  });
  return parts;
}

/** Seconds from one time of day to another, over midnight when the end is earlier. */
function timeOfDaySpan(start: string, end: string): number | null {
  const a = start ? timeOfDay(start) : null;
  const b = end ? timeOfDay(end) : null;
  if (!a || !b) return null;
  const seconds = (t: typeof a) => t.laterDays * 86_400 + t.hour * 3600 + t.minute * 60 + t.second;
  const span = seconds(b) - seconds(a);
  return span >= 0 ? span : span + 86_400;
}
