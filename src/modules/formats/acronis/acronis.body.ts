import type { JobStatus } from '../../../shared/status.js';
import { zonedTime } from '../formats.units.js';

/**
 * The alert body of a Cyber Protect Cloud mail, as its text rendering reads
 * (inferred: public parsers quote it as "Backup failed", the alert time, the
 * workload, the message, then "Device", "Plan name", "Group", "Account" rows
 * and "View in web console").
 */
export interface AcronisBody {
  title: { status: JobStatus; text: string } | null;
  /** When the alert was raised, in the zone given. */
  at: string | null;
  fields: Map<Label, string>;
  /** The alert's own words: the error or warning between the title and the rows. */
  messages: string[];
}

const LABELS = ['plan name', 'where to back up', 'device', 'group', 'account'] as const;
export type Label = (typeof LABELS)[number];

const TITLES: readonly (readonly [string, JobStatus])[] = [
  ['backup succeeded with warnings', 'warning'],
  ['backup succeeded', 'success'],
  ['backup failed', 'failure'],
];
const NOT_MESSAGES = new Set(['manage data protection', 'active alerts', 'show details', 'view in web console', 'critical', 'error', 'warning', 'information', '.']);
const FOOTER = 'if you have any questions';
const MAX_LINES = 300;
const MAX_TEXT = 64 * 1024;
const MAX_MESSAGES = 10;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WHEN = /\b([A-Z][a-z]{2})[a-z]* (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AP]M)\b/i;

/** "May 19, 2026, 9:02:31 PM" anywhere in a line, read in `zone`. */
export function alertTime(line: string, zone: string): { at: string; text: string } | null {
  const m = WHEN.exec(line);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
  const hour = Number(m[4]);
  if (month === 0 || hour < 1 || hour > 12) return null;
  const pm = m[7]!.toUpperCase() === 'PM';
  const at = zonedTime({ year: Number(m[3]), month, day: Number(m[2]), hour: (hour % 12) + (pm ? 12 : 0), minute: Number(m[5]), second: Number(m[6] ?? 0) }, zone);
  return at ? { at, text: m[0] } : null;
}

/** "Device", or "Device BigR-NewPC" / "Plan name: Nas Backup" when a row renders on one line. */
function labelOf(line: string): { label: Label; value: string } | null {
  const lower = line.toLowerCase();
  for (const label of LABELS) {
    if (!lower.startsWith(label)) continue;
    const rest = line.slice(label.length);
    if (rest === '') return { label, value: '' };
    if (rest[0] === ':' || rest[0] === ' ') return { label, value: rest.replace(/^:?\s*/, '') };
  }
  return null;
}

/** Reads the alert body; `workload` is the machine the subject names, so its echo is no message. */
export function readBody(text: string, zone: string, workload: string | null): AcronisBody {
  const lines = text.slice(0, MAX_TEXT).split(/\r\n|\r|\n/, MAX_LINES).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const body: AcronisBody = { title: null, at: null, fields: new Map(), messages: [] };
  let titleAt = -1;
  for (let i = 0; i < lines.length && titleAt < 0; i++) {
    const lower = lines[i]!.toLowerCase();
    const title = TITLES.find(([t]) => lower.startsWith(t));
    if (title) [titleAt, body.title] = [i, { status: title[1], text: lines[i]!.slice(0, title[0].length) }];
  }
  let inRows = false;
  for (let i = Math.max(titleAt, 0); i < lines.length; i++) {
    const line = lines[i]!;
    if (line.toLowerCase().startsWith(FOOTER)) break;
    const when = body.at ? null : alertTime(line, zone);
    if (when) body.at = when.at;
    const found = labelOf(line);
    if (found) {
      inRows = true;
      let value = found.value;
      if (!value && i + 1 < lines.length && !labelOf(lines[i + 1]!)) value = lines[++i]!;
      if (value && !body.fields.has(found.label)) body.fields.set(found.label, value);
      continue;
    }
    if (inRows || titleAt < 0 || i === titleAt || body.messages.length >= MAX_MESSAGES) continue;
    const words = when ? line.replace(when.text, '').trim() : line;
    if (!words || NOT_MESSAGES.has(words.toLowerCase()) || words === workload) continue;
    body.messages.push(words);
  }
  // The workload's name stands above the message; a cut subject does not name it, the Device row does.
  const device = body.fields.get('device');
  if (device) body.messages = body.messages.filter((m) => m !== device);
  return body;
}
