/**
 * The guest table of a vzdump mail: `VMID NAME STATUS TIME SIZE FILENAME`.
 * PVE ≤ 8.0 prints it with printf (TIME as 00:01:23, right-aligned, names cut
 * to 20 characters); 8.1's notification templates pad every column to its
 * widest cell (TIME as `1m 23s`, SIZE as `1.5 GiB`, so cells hold spaces).
 * An HTML-only mail rendered to text lays the cells out in aligned columns too.
 */

export interface GuestRow {
  vmid: string;
  name: string | null;
  statusText: string | null;
  time: string | null;
  size: string | null;
  filename: string | null;
  /** The HTML table of PVE ≤ 8.0 gives a failed guest's error in place of size and filename. */
  detail: string | null;
  /** The columns the row ended before. */
  missing: string[];
}

export interface GuestTable {
  rows: GuestRow[];
  /** The header's line, and the first line after the rows. */
  header: number;
  end: number;
}

const LABELS = ['vmid', 'name', 'status', 'time', 'size', 'filename'] as const;
const COLUMN_NAMES = ['VMID', 'Name', 'Status', 'Time', 'Size', 'Filename'] as const;
/** An error text can stand above the table: the header is looked for this far down. */
const MAX_HEADER_LINE = 500;
const MAX_ROWS = 5_000;
const CLOCK = /^\d{1,4}:\d{2}:\d{2}$/;
const ROW_START = /^\s{0,8}\d{1,10}(?:\s|$)/;

/** The character where each column starts, read from the header line; null when the line is no header. */
function headerColumns(line: string): number[] | null {
  if (line.length > 400) return null;
  const lower = line.toLowerCase();
  const words = lower.trim().split(/\s+/);
  if (words.length !== LABELS.length || words.some((w, i) => w !== LABELS[i])) return null;
  const starts: number[] = [];
  let from = 0;
  for (const label of LABELS) {
    const at = lower.indexOf(label, from);
    starts.push(at);
    from = at + label.length;
  }
  return starts;
}

export function isGuestTableHeader(line: string): boolean {
  return headerColumns(line) !== null;
}

export function findGuestTable(lines: string[]): GuestTable | null {
  const limit = Math.min(lines.length, MAX_HEADER_LINE);
  for (let header = 0; header < limit; header++) {
    const columns = headerColumns(lines[header]!);
    if (!columns) continue;
    const rows: GuestRow[] = [];
    let end = header + 1;
    while (end < lines.length && rows.length < MAX_ROWS && ROW_START.test(lines[end]!)) {
      rows.push(readRow(lines[end]!, columns));
      end++;
    }
    return { rows, header, end };
  }
  return null;
}

function readRow(line: string, columns: number[]): GuestRow {
  const tokens = line.trim().split(/\s+/);
  const clockAt = tokens.findIndex((t, i) => i >= 2 && CLOCK.test(t));
  return clockAt >= 0 ? printfRow(tokens, clockAt) : columnRow(line, columns, tokens[0]!);
}

/** ≤ 8.0: only the name may hold spaces, and TIME is always a clock, so the row is read around it. */
function printfRow(tokens: string[], clockAt: number): GuestRow {
  const rest = tokens.slice(clockAt + 1);
  const row: GuestRow = {
    vmid: tokens[0]!,
    name: tokens.slice(1, clockAt - 1).join(' ') || null,
    statusText: tokens[clockAt - 1]!,
    time: tokens[clockAt]!,
    size: null,
    filename: null,
    detail: null,
    missing: [],
  };
  if (rest.length === 0) row.missing.push('Size', 'Filename');
  else if (/^\d+(?:\.\d+)?[KMGTP]?i?B$/i.test(rest[0]!)) {
    row.size = rest[0]!;
    row.filename = rest.slice(1).join(' ') || null;
    if (!row.filename) row.missing.push('Filename');
  } else row.detail = rest.join(' ');
  return row;
}

/** ≥ 8.1 and rendered HTML: every cell starts where its header label starts. */
function columnRow(line: string, columns: number[], firstToken: string): GuestRow {
  const cells = columns.map((start, i) => line.slice(start, columns[i + 1] ?? line.length).trim() || null);
  const vmid = cells[0] && /^\d+$/.test(cells[0]) ? cells[0] : firstToken;
  const missing = COLUMN_NAMES.filter((_, i) => i >= 2 && cells[i] === null);
  return { vmid, name: cells[1]!, statusText: cells[2]!, time: cells[3]!, size: cells[4]!, filename: cells[5]!, detail: null, missing: [...missing] };
}
