import type { Row } from './veeam.html.js';
import { sessionDay } from './veeam.time.js';

/**
 * What a Veeam report's tables say, still as text: the title row
 * (`Backup job: Nightly VMs` | `Success`), the session's date, the statistics
 * grid (label cell, value cell), the Details table and the job's own details.
 * The grid's `Success` / `Warning` / `Error` are labels of counts, never the
 * job's status: only the title row's status cell is that.
 */
export interface ReportTables {
  /** `Backup`, `Backup Copy`, `Agent Backup`… as the title row names the kind of job. */
  type: string | null;
  name: string | null;
  /** The status cell's first line. */
  statusText: string | null;
  /** `2 of 3 VMs processed` under the status. */
  processed: { done: number; total: number } | null;
  /** The long date above the grid: `Tuesday, November 3, 2026 10:00:03 PM`. */
  sessionDate: string | null;
  /** Grid values by lower-case label. */
  grid: Map<string, string>;
  /** The Details table's columns (lower case) and its object rows. */
  columns: string[];
  objects: Row[];
  /** The job's own messages (warnings, errors), one per line. */
  details: string[];
}

const GRID_LABELS = new Set([
  'success', 'warning', 'error', 'failed', 'start time', 'end time', 'duration', 'total size', 'data read', 'read',
  'transferred', 'backup size', 'dedupe', 'compression', 'bottleneck', 'processing rate', 'processed objects',
]);

/** The grid is four label-value pairs a row; a cell after them holds the job's own messages. */
const DETAILS_CELL = 8;

const label = (cell: string | undefined) => (cell ?? '').trim().replace(/:$/, '').toLowerCase();
const filled = (row: Row) => row.filter(Boolean).length;

/** `Backup job: Nightly VMs` → kind and name; null for any other cell. */
function title(cell: string): { type: string; name: string } | null {
  const line = cell.split('\n', 1)[0]!;
  if (line.length > 1_000) return null;
  const at = line.toLowerCase().indexOf(' job: ');
  if (at < 1 || at > 40) return null;
  const type = line.slice(0, at).trim();
  const name = line.slice(at + 6).trim();
  return /^[A-Za-z][A-Za-z0-9 &-]*$/.test(type) && name ? { type, name } : null;
}

const PROCESSED = /(\d{1,9}) of (\d{1,9}) [A-Za-z ]{0,20}processed/i;

function isDetailsHeader(row: Row): boolean {
  const labels = new Set(row.map(label));
  return labels.has('name') && labels.has('status') && ['start time', 'duration', 'size', 'details'].some((l) => labels.has(l));
}

/** The long date row: one that reads as a date, or starts with a weekday as Veeam's does (then unreadable is a problem). */
const isSessionDate = (text: string) => text.length <= 100 && (sessionDay(text) !== null || /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/i.test(text));

export function readTables(rows: Row[]): ReportTables {
  const tables: ReportTables = {
    type: null, name: null, statusText: null, processed: null, sessionDate: null,
    grid: new Map(), columns: [], objects: [], details: [],
  };
  let start = 0;
  for (let r = 0; r < rows.length && tables.name === null; r++) {
    const row = rows[r]!;
    const at = row.findIndex((cell) => title(cell) !== null);
    if (at < 0) continue;
    const found = title(row[at]!)!;
    [tables.type, tables.name, start] = [found.type, found.name, r + 1];
    const status = row.slice(at + 1).find(Boolean);
    const word = status?.split('\n', 1)[0];
    if (word && !PROCESSED.test(word)) tables.statusText = word;
    // Under the status, or (in a text rendering) on the line below the title.
    const processed = PROCESSED.exec(status ?? '') ?? PROCESSED.exec((rows[r + 1] ?? []).join(' ').slice(0, 1_000));
    if (processed) tables.processed = { done: Number(processed[1]), total: Number(processed[2]) };
  }
  const header = rows.findIndex((row, r) => r >= start && isDetailsHeader(row));
  readGrid(rows.slice(start, header < 0 ? rows.length : header), tables);
  if (header >= 0) readDetails(rows, header, tables);
  return tables;
}

/** Lone rows above the grid looked at for the session's date. */
const MAX_DATE_CANDIDATES = 10;

function readGrid(rows: Row[], tables: ReportTables): void {
  let candidates = 0;
  for (const row of rows) {
    if (filled(row) < 2) {
      const only = row.find(Boolean);
      if (only && tables.sessionDate === null && candidates++ < MAX_DATE_CANDIDATES && isSessionDate(only)) tables.sessionDate = only;
      continue;
    }
    for (let k = 0; k < row.length; k++) {
      const name = label(row[k]);
      if (GRID_LABELS.has(name) && k + 1 < row.length) {
        if (!tables.grid.has(name)) tables.grid.set(name, row[k + 1]!.trim());
        k++;
      } else if (k >= DETAILS_CELL && row[k]) tables.details.push(...row[k]!.split('\n'));
    }
  }
}

/** Object rows follow the header; a lone `Details` row heads a row of the job's messages (vee-mail); anything else ends the table. */
function readDetails(rows: Row[], header: number, tables: ReportTables): void {
  tables.columns = rows[header]!.map(label);
  const width = tables.columns.length;
  const nameAt = tables.columns.indexOf('name');
  const statusAt = tables.columns.indexOf('status');
  let inDetails = false;
  for (const row of rows.slice(header + 1)) {
    const count = filled(row);
    if (count === 0) {
      inDetails = false;
      continue;
    }
    const section = count === 1 && Boolean(row[0]) && (row.length < width - 1 || !row[statusAt]);
    if (section) {
      if (label(row[0]) === 'details') inDetails = true;
      else if (inDetails) {
        tables.details.push(...row[0]!.split('\n'));
        inDetails = false;
      } else break;
      continue;
    }
    if (row.length < width - 1 || !row[nameAt] || !row[statusAt]) break;
    tables.objects.push(row);
    inDetails = false;
  }
}
