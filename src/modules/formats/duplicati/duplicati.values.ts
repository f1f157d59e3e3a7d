import { DateTime } from 'luxon';
import type { JobStatus } from '../../../shared/status.js';
import { parseCount, parseSize, parseTime } from '../formats.units.js';

const RESULT_STATUS = new Map<string, JobStatus>([
  ['success', 'success'],
  ['warning', 'warning'],
  ['error', 'failure'],
  ['fatal', 'failure'],
  // Not in Duplicati's ParsedResultType, but dashboards that relay its reports write it.
  ['failed', 'failure'],
  ['unknown', 'unknown'],
]);

/** ParsedResult (Success, Warning, Error, Fatal, Unknown) in our words; null for any other word. */
export const statusOfResult = (word: string): JobStatus | null => RESULT_STATUS.get(word.trim().toLowerCase()) ?? null;

/** Times as the machine's locale printed them, when no Unix time follows in brackets. */
const LOCAL_FORMATS = [
  'M/d/yyyy h:mm:ss a', 'M/d/yyyy h:mm a', 'd.M.yyyy H:mm:ss', 'd/M/yyyy H:mm:ss', 'yyyy-MM-dd H:mm:ss',
  'd-M-yyyy H:mm:ss', 'yyyy/MM/dd H:mm:ss', 'yyyy.MM.dd H:mm:ss',
];

const EPOCH = /\((\d{1,12})\)\s*$/;

function isoSeconds(t: DateTime): string | null {
  return t.isValid ? t.toUTC().startOf('second').toISO({ suppressMilliseconds: true }) : null;
}

/**
 * `2/16/2019 10:23:51 PM (1550384631)`: the Unix seconds in brackets when
 * present (they carry no locale), else the local text read in `zone`; the JSON
 * report's ISO times (`2019-02-17T03:23:51.1900598Z`) too.
 */
export function readDuplicatiTime(text: string, zone: string): string | null {
  if (text.length > 100) return null;
  const epoch = EPOCH.exec(text);
  if (epoch) return isoSeconds(DateTime.fromSeconds(Number(epoch[1]), { zone: 'utc' }));
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return isoSeconds(DateTime.fromISO(trimmed, { zone }));
  for (const format of LOCAL_FORMATS) {
    const at = parseTime(trimmed, format, zone);
    if (at) return at;
  }
  return null;
}

/** `13919`, or `44.42 GB (47695243956)` (the exact bytes in brackets), or `44.42 GB`. */
export function readDuplicatiSize(text: string): number | null {
  const exact = EPOCH.exec(text);
  if (exact) return Number(exact[1]);
  return parseCount(text) ?? parseSize(text, 1024);
}

export interface DuplicatiLogLine {
  at: string | null;
  /** Information, Warning, Error, Retry, Profiling…; null for a line without the prefix. */
  level: string | null;
  text: string;
}

// 2019-02-16 22:23:50 -05 - [Warning-Duplicati.Library.Main.Operation.BackupHandler-FileAccessError]: message
const LOG_PREFIX = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(?::?(\d{2}))? - \[([A-Za-z]+)-[^\]]{0,300}\]/;

/** A line of Duplicati's log: its time (with the offset it carries) and level, where it has them. */
export function readLogLine(line: string): DuplicatiLogLine {
  const m = LOG_PREFIX.exec(line);
  if (!m) return { at: null, level: null, text: line };
  const [, day, clock, sign, hours, minutes, level] = m;
  const at = isoSeconds(DateTime.fromISO(`${day}T${clock}${sign}${hours}:${minutes ?? '00'}`, { setZone: true }));
  return { at, level: level!, text: line };
}

export const isProblemLevel = (level: string | null) => level === 'Warning' || level === 'Error';
