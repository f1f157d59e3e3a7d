import type { ReportMessage } from '../formats.models.js';
import { readHtml, type Row } from './veeam.html.js';
import { readTables, type ReportTables } from './veeam.report.js';
import { readTextTable } from './veeam.text-table.js';

/** The report as read from the message: its tables and all its text lines. */
export interface ReportSource {
  tables: ReportTables;
  lines: string[];
  /** Whether the message had a body at all (a subject-only copy has none). */
  hasBody: boolean;
  /** The HTML was longer than is read. */
  cut: boolean;
}

const MAX_LINES = 5_000;
/** Lines kept from the start and from the end (where the footer is) of a long report. */
const HEAD_LINES = 2_000;
const TAIL_LINES = 500;

const bounded = (lines: string[]) => (lines.length <= HEAD_LINES + TAIL_LINES ? lines : [...lines.slice(0, HEAD_LINES), ...lines.slice(-TAIL_LINES)]);

/**
 * The HTML body when there is one (its cells are explicit), else the text.
 * When the body lists no objects, VB365's detailed report attachment (which
 * formats see as rendered text) lends its Details table.
 */
export function sourceOf(message: ReportMessage): ReportSource {
  const html = typeof message.html === 'string' && message.html.trim() ? readHtml(message.html) : null;
  const text = typeof message.text === 'string' ? message.text : '';
  const rows: Row[] = html ? html.rows : readTextTable(text);
  const lines = html ? html.lines : text.split(/\r\n|\r|\n/, MAX_LINES).map((l) => l.trim()).filter(Boolean);
  const tables = readTables(rows);
  if (tables.objects.length === 0) {
    for (const attachment of message.attachments ?? []) {
      if (!attachment.text) continue;
      const attached = readTables(readTextTable(attachment.text));
      if (attached.objects.length === 0) continue;
      tables.columns = attached.columns;
      tables.objects = attached.objects;
      tables.details.push(...attached.details);
      break;
    }
  }
  return { tables, lines: bounded(lines), hasBody: Boolean(html) || text.trim() !== '', cut: html?.cut ?? false };
}
