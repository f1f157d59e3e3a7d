import type { Row } from './veeam.html.js';
import { statusOf } from './veeam.product.js';

/**
 * The Details table as text: an HTML report rendered to text (the detailed
 * report VB365 attaches reaches formats only so), or a forwarded copy that
 * lost its HTML. The renderer pads every column of a table to one width, so
 * the header's labels say where each column starts; a cell that wrapped onto
 * more lines continues on lines whose first column is empty.
 */

const MAX_TEXT = 2 * 1024 * 1024;
const MAX_LINES = 20_000;

/** Header labels of more than one word, so "Start time" is one column and not two. */
const LONG_LABELS = ['start time', 'end time', 'processing rate', 'data read', 'total size', 'backup size', 'processed objects'];

interface Column {
  label: string;
  start: number;
}

/** The columns a header line names, at the offsets where their labels start. */
export function columnsOf(line: string): Column[] {
  const columns: Column[] = [];
  const lower = line.toLowerCase();
  let at = 0;
  while (at < line.length) {
    if (line[at] === ' ') {
      at++;
      continue;
    }
    const long = LONG_LABELS.find((l) => lower.startsWith(l, at) && (at + l.length === line.length || line[at + l.length] === ' '));
    const space = line.indexOf(' ', at);
    const end = long ? at + long.length : space < 0 ? line.length : space;
    columns.push({ label: lower.slice(at, end), start: at });
    at = end;
  }
  return columns;
}

/** Above the header, only the grid's rows (`Success 3 Start time …`) share its columns. */
const GRID_LINE = /^(?:Success|Warning|Error|Failed)\s/;

/** `Backup job: Nightly VMs   Success`: the title and the status cell beside it, which the rendering may part by one space only. */
function titleOrLine(line: string): Row {
  const space = line.lastIndexOf(' ');
  if (!line.includes(' job: ') || space < 0) return [line];
  const status = line.slice(space + 1);
  return statusOf(status) ? [line.slice(0, space).trim(), status] : [line];
}

const isHeader = (columns: Column[]) => {
  const labels = new Set(columns.map((c) => c.label));
  return labels.has('name') && labels.has('status') && ['start time', 'duration', 'size', 'details'].some((l) => labels.has(l));
};

function slice(line: string, columns: Column[]): Row {
  return columns.map((c, k) => line.slice(c.start, columns[k + 1]?.start ?? line.length).trim());
}

/** The rows of the table holding a Details header (the header and its neighbours up to blank lines); empty when there is none. */
export function readTextTable(source: string): Row[] {
  const lines = source.slice(0, MAX_TEXT).split(/\r\n|\r|\n/, MAX_LINES);
  let header = -1;
  let columns: Column[] = [];
  for (let i = 0; i < lines.length && header < 0; i++) {
    const line = lines[i]!;
    if (!/\bname\b/i.test(line) || !/\bstatus\b/i.test(line) || line.length > 2_000) continue;
    const found = columnsOf(line);
    if (isHeader(found)) [header, columns] = [i, found];
  }
  if (header < 0) return [];
  let first = header;
  while (first > 0 && lines[first - 1]!.trim() !== '') first--;
  const rows: Row[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      if (i > header) break;
      continue;
    }
    if (i < header && !GRID_LINE.test(line)) {
      rows.push(titleOrLine(line.trim()));
      continue;
    }
    const cells = slice(line, columns);
    const previous = rows[rows.length - 1];
    if (i > header + 1 && cells[0] === '' && previous) {
      cells.forEach((text, k) => {
        if (text) previous[k] = previous[k] ? `${previous[k]}\n${text}` : text;
      });
    } else rows.push(cells);
  }
  return rows;
}
