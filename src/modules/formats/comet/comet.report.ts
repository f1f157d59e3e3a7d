import { condenseWhitespace } from '../../rules/rules.text.js';
import { NO_IDS, type CometJob, type CometJobType, type CometLogLine, type CometStatus } from './comet.models.js';
import { parseCometSize } from './comet.sizes.js';
import { leadingCometTime, parseCometTime, timeMemo } from './comet.time.js';

const LABELS = [
  'Username', 'Type', 'Status', 'Started', 'Stopped', 'Protected Item', 'Storage Vault', 'Device',
  'Client Version', 'Total Directories', 'Total Files', 'Total Size', 'Uploaded', 'Downloaded',
] as const;
type Label = (typeof LABELS)[number];
type Fields = Map<Label, string>;
interface Summary {
  fields: Fields;
  /** The first summary line, and the first line after the summary. */
  start: number;
  end: number;
}

const ALWAYS_REQUIRED: Label[] = ['Username', 'Type', 'Status', 'Started', 'Protected Item', 'Storage Vault', 'Device', 'Client Version'];
const REQUIRED_ONCE_DONE: Label[] = ['Stopped', 'Total Directories', 'Total Files', 'Total Size', 'Uploaded', 'Downloaded'];

export const MAX_LOG_LINES = 2_000;
export const MAX_LOG_TEXT = 2_000;
/** Lines a quoted value may wrap onto ("Offsite" / "Comet Server"). */
const MAX_WRAPPED_LINES = 3;
/** How far above the summary the report's title may be. */
const MAX_TITLE_DISTANCE = 10;
const MAX_QUOTED = 100;
const FOOTER = 'You are receiving this email';

// Keys are lower case with spaces, hyphens and underscores removed, so "QuotaExceeded" and "Deep  Verify" match.
const key = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');

const STATUS_WORDS = new Map<string, CometStatus>([
  ['success', 'Success'], ['warning', 'Warning'], ['completedwithwarnings', 'Warning'],
  ['error', 'Error'], ['failed', 'Error'], ['timeout', 'Timeout'], ['timedout', 'Timeout'],
  ['quotaexceeded', 'Quota Exceeded'], ['missed', 'Missed'], ['missedschedule', 'Missed'],
  ['cancelled', 'Cancelled'], ['canceled', 'Cancelled'], ['skipped', 'Skipped'],
  ['skipped(alreadyrunning)', 'Skipped'], ['alreadyrunning', 'Skipped'], ['abandoned', 'Abandoned'],
  ['running', 'Running'], ['inprogress', 'Running'],
]);

const TYPE_WORDS = new Map<string, CometJobType>([
  ['backup', 'Backup'], ['restore', 'Restore'], ['retention', 'Retention'], ['retentionpass', 'Retention'],
  ['unlock', 'Unlock'], ['delete', 'Delete'], ['deletesnapshot', 'Delete'], ['remeasure', 'Remeasure'],
  ['update', 'Update'], ['import', 'Import'], ['reindex', 'Reindex'], ['deepverify', 'Deep Verify'],
  ['uninstall', 'Uninstall'], ['unknown', 'Unknown'],
]);

const LOWER_LABELS = LABELS.map((label) => [label, label.toLowerCase()] as const);
const LONGEST_LABEL = Math.max(...LABELS.map((l) => l.length));
// Lower-case ASCII initials of the labels: a line starting with any other ASCII character is no label line.
const INITIALS = new Set(LOWER_LABELS.map(([, lower]) => lower.charCodeAt(0)));
const cannotBeLabel = (c: number) => c < 0x80 && !INITIALS.has(c | 0x20);

/** "Status: Success", "Status Success" (an HTML row without the colon), or "Total Files:" with nothing after it. */
function labelled(line: string): { label: Label; value: string } | null {
  if (cannotBeLabel(line.charCodeAt(0))) return null;
  const head = line.slice(0, LONGEST_LABEL).toLowerCase();
  for (const [label, lower] of LOWER_LABELS) {
    if (!head.startsWith(lower) || line.slice(0, label.length).toLowerCase() !== lower) continue;
    const rest = line.slice(label.length);
    if (rest !== '' && rest[0] !== ' ' && rest[0] !== ':') continue;
    const value = rest.trimStart();
    return { label, value: (value.startsWith(':') ? value.slice(1) : value).trim() };
  }
  return null;
}

const unquote = (value: string) => (value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);

/**
 * The summary is the longest run of label lines (blank lines allowed between),
 * so a stray "Status report" heading or a log line such as "Uploaded 3 files"
 * cannot stand in for it.
 */
function readSummary(lines: string[]): Summary {
  let best: Summary = { fields: new Map(), start: 0, end: 0 };
  let run: Fields = new Map();
  let start = 0;
  const close = (end: number) => {
    if (run.size > best.fields.size) best = { fields: run, start, end };
    run = new Map();
  };
  for (let i = 0; i < lines.length; i++) {
    // Most lines (the log) start with a character no label does: they need no condensing to be told apart.
    const first = lines[i]!.trimStart();
    if (first === '') continue;
    const line = cannotBeLabel(first.charCodeAt(0)) ? first : condenseWhitespace(first);
    if (line === '') continue;
    const found = labelled(line);
    if (!found) {
      if (run.size > 0) close(i);
      continue;
    }
    if (run.size === 0) start = i;
    let value = found.value;
    if (value.startsWith('"') && (value.length === 1 || !value.endsWith('"'))) {
      const wrapped = unwrap(lines, i, value);
      if (wrapped) [value, i] = [wrapped.value, wrapped.last];
    }
    if (!run.has(found.label)) run.set(found.label, unquote(value));
  }
  if (run.size > 0) close(lines.length);
  return best;
}

/** A quoted name a mailer wrapped across lines, joined again; null when no closing quote follows. */
function unwrap(lines: string[], at: number, value: string): { value: string; last: number } | null {
  let joined = value;
  for (let j = at + 1; j < lines.length && j <= at + MAX_WRAPPED_LINES; j++) {
    const next = condenseWhitespace(lines[j]!);
    if (next === '' || labelled(next)) return null;
    joined = `${joined} ${next}`;
    if (next.endsWith('"')) return { value: joined, last: j };
  }
  return null;
}

type Headline = { status: CometStatus; statusText: string; type: CometJobType; item: string };

/** `Success - Backup of "Documents"`: Comet's subject, repeated as the report's title. */
function readHeadline(subject: string): Headline | null {
  const text = condenseWhitespace(subject);
  const dash = text.indexOf(' - ');
  const of = dash > 0 ? text.indexOf(' of "', dash + 3) : -1;
  if (of < 0 || !text.endsWith('"') || of + 5 >= text.length - 1) return null;
  const statusText = text.slice(0, dash);
  const status = STATUS_WORDS.get(key(statusText));
  const type = TYPE_WORDS.get(key(text.slice(dash + 3, of)));
  return status && type ? { status, statusText, type, item: text.slice(of + 5, -1) } : null;
}

/** The title above the summary, for a message whose subject was changed on the way. */
function bodyTitle(lines: string[], summaryStart: number): Headline | null {
  for (let i = Math.max(0, summaryStart - MAX_TITLE_DISTANCE); i < summaryStart; i++) {
    const headline = readHeadline(lines[i]!);
    if (headline) return headline;
  }
  return null;
}

/** The account named in the footer: "… for the backup account 'user01'." (the name may hold quotes). */
function footerUsername(footer: string): string | null {
  const marker = "backup account '";
  const at = footer.indexOf(marker);
  if (at < 0) return null;
  const rest = footer.slice(at + marker.length);
  const end = rest.includes("'.") ? rest.indexOf("'.") : rest.lastIndexOf("'");
  return end > 0 ? rest.slice(0, end) : null;
}

/** At most MAX_LOG_TEXT characters, never ending in half a surrogate pair. */
function cut(text: string): string {
  if (text.length <= MAX_LOG_TEXT) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(MAX_LOG_TEXT - 1)) ? MAX_LOG_TEXT - 1 : MAX_LOG_TEXT;
  return text.slice(0, end);
}

function readLog(lines: string[]): CometLogLine[] {
  const log: CometLogLine[] = [];
  const memo = timeMemo();
  let pending: string | null = null;
  for (const raw of lines) {
    if (log.length >= MAX_LOG_LINES) break;
    const line = raw.trim();
    if (line === '') continue;
    const time = leadingCometTime(line, memo);
    if (time && time.rest === '') {
      pending = time.at;
      continue;
    }
    log.push(time ? { at: time.at, text: cut(time.rest) } : { at: pending, text: cut(line) });
    pending = null;
  }
  return log;
}

/** A value as the report wrote it, shortened so a runaway line does not fill the problem list. */
const quoted = (value: string) => `"${value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value}"`;

const COUNT = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

function readCount(value: string): number | null {
  if (!COUNT.test(value)) return null;
  const count = Number(value.replaceAll(',', ''));
  return Number.isSafeInteger(count) ? count : null;
}

/**
 * Reads a Comet Backup job report from a message's subject and text (HTML mail
 * already rendered to text). Null when the message is not a Comet report.
 */
export function readCometReport(message: { subject: string; text: string }): CometJob | null {
  const text = message?.text;
  const subject = message?.subject;
  const lines = (typeof text === 'string' ? text : '').split(/\r\n|\r|\n/);
  const { fields, start, end } = readSummary(lines);
  const headline = readHeadline(typeof subject === 'string' ? subject : '') ?? bodyTitle(lines, start);
  if (fields.size < 3 && !(headline && fields.size >= 1)) return null;

  const footerAt = lines.findIndex((line, i) => i >= end && line.trimStart().startsWith(FOOTER));
  const footer = footerAt < 0 ? '' : condenseWhitespace(lines.slice(footerAt, footerAt + 3).join(' '));
  const given = (label: Label) => fields.get(label) || null;
  const unreadable = new Map<Label, string>();
  const read = <T>(label: Label, parse: (v: string) => T | null | undefined, what: string): T | null => {
    const value = given(label);
    const parsed = value === null ? null : (parse(value) ?? null);
    if (value !== null && parsed === null) unreadable.set(label, `${quoted(value)} ${what}`);
    return parsed;
  };

  const status = given('Status') === null ? (headline?.status ?? null) : read('Status', (v) => STATUS_WORDS.get(key(v)), 'is not a Comet status');
  const type = given('Type') === null ? (headline?.type ?? null) : read('Type', (v) => TYPE_WORDS.get(key(v)), 'is not a Comet job type');
  const startedAt = read('Started', parseCometTime, 'is not a time Comet writes');
  const stoppedAt = read('Stopped', parseCometTime, 'is not a time Comet writes');
  let durationSeconds: number | null = null;
  if (startedAt && stoppedAt) {
    const ms = Date.parse(stoppedAt) - Date.parse(startedAt);
    if (ms >= 0) durationSeconds = Math.round(ms / 1000);
    else unreadable.set('Stopped', `${quoted(given('Stopped')!)} is before Started`);
  }
  const job: CometJob = {
    username: given('Username') ?? footerUsername(footer),
    type,
    status,
    statusText: given('Status') ?? headline?.statusText ?? null,
    startedAt,
    stoppedAt,
    protectedItem: given('Protected Item') ?? headline?.item ?? null,
    vault: given('Storage Vault'),
    device: given('Device'),
    clientVersion: given('Client Version'),
    directories: read('Total Directories', readCount, 'is not a count'),
    files: read('Total Files', readCount, 'is not a count'),
    totalSize: read('Total Size', parseCometSize, 'is not a size'),
    uploaded: read('Uploaded', parseCometSize, 'is not a size'),
    downloaded: read('Downloaded', parseCometSize, 'is not a size'),
    durationSeconds,
    log: readLog(lines.slice(end, footerAt < 0 ? lines.length : footerAt)),
    problems: [],
    ids: { ...NO_IDS },
  };

  // Filled from the subject or footer counts as given; a running job has no totals yet.
  const filled = new Set(LABELS.filter((label) => given(label) !== null));
  if (job.username !== null) filled.add('Username');
  if (job.statusText !== null) filled.add('Status');
  if (job.type !== null) filled.add('Type');
  if (job.protectedItem !== null) filled.add('Protected Item');
  const required = status === 'Running' ? ALWAYS_REQUIRED : [...ALWAYS_REQUIRED, ...REQUIRED_ONCE_DONE];
  for (const label of LABELS) {
    const problem = unreadable.get(label) ?? (required.includes(label) && !filled.has(label) ? 'missing' : null);
    if (problem) job.problems.push(`${label}: ${problem}`);
  }
  return job;
}
