import { DateTime } from 'luxon';
import type { CometJob } from './comet.models.js';

/** Which report-field a problem from an email is about ("Total Size: missing" → totalSize). */
const PROBLEM_FIELDS: [string, keyof CometJob][] = [
  ['Username', 'username'],
  ['Type', 'type'],
  ['Status', 'status'],
  ['Started', 'startedAt'],
  ['Stopped', 'stoppedAt'],
  ['Client Version', 'clientVersion'],
  ['Total Directories', 'directories'],
  ['Total Files', 'files'],
  ['Total Size', 'totalSize'],
  ['Uploaded', 'uploaded'],
  ['Downloaded', 'downloaded'],
];

/**
 * One job told twice, by its email report and by a webhook event. The email
 * brings what only it has: the names, the wording and the log. The event
 * brings exact figures (bytes, not "168.627 KB"; seconds, not minutes) and the
 * identifiers. A problem of the email that the event's figures answer is gone.
 */
export function mergeJob(email: CometJob, event: CometJob): CometJob {
  const pick = <K extends keyof CometJob>(k: K): CometJob[K] => (event[k] ?? email[k]) as CometJob[K];
  const merged: CometJob = {
    username: email.username ?? event.username,
    type: pick('type'),
    status: pick('status'),
    statusText: email.statusText ?? event.statusText,
    startedAt: pick('startedAt'),
    stoppedAt: pick('stoppedAt'),
    protectedItem: email.protectedItem ?? event.protectedItem,
    vault: email.vault ?? event.vault,
    device: email.device ?? event.device,
    clientVersion: pick('clientVersion'),
    directories: pick('directories'),
    files: pick('files'),
    totalSize: pick('totalSize'),
    uploaded: pick('uploaded'),
    downloaded: pick('downloaded'),
    durationSeconds: pick('durationSeconds'),
    log: email.log.length ? email.log : event.log,
    problems: [],
    ids: { ...email.ids, ...Object.fromEntries(Object.entries(event.ids).filter(([, v]) => v !== null)) },
  };
  const answered = (problem: string) => PROBLEM_FIELDS.some(([label, field]) => problem.startsWith(`${label}:`) && merged[field] !== null && event[field] !== null);
  merged.problems = [...email.problems.filter((p) => !answered(p)), ...event.problems.filter((p) => !email.problems.includes(p))];
  return merged;
}

/**
 * Of the jobs one source told of in the same account and minute, the one the
 * other source's report is about: the same job type and, where both say it,
 * the same device and item; where the names are not known (an event carries
 * only identifiers), the same file and folder counts. Null unless exactly one fits.
 */
export function partnerOf<T>(candidates: { row: T; job: CometJob; namesKnown: boolean }[], job: CometJob, jobNamesKnown: boolean): T | null {
  const same = <V>(a: V | null, b: V | null) => a === null || b === null || a === b;
  const fits = candidates.filter((c) => {
    if (!same(c.job.type, job.type)) return false;
    if (c.namesKnown && jobNamesKnown) return c.job.device === job.device && c.job.protectedItem === job.protectedItem;
    return c.job.files !== null && job.files !== null && c.job.files === job.files && same(c.job.directories, job.directories);
  });
  return fits.length === 1 ? fits[0]!.row : null;
}

/**
 * A job told only by a webhook event has no email: its subject and text are
 * written the way Comet writes them, so activities read alike and checks set
 * up with subject or body rules (as the CheckCentral guide does) work for events too.
 */
export function describeJob(job: CometJob): { subject: string; text: string } {
  const subject = `${job.statusText ?? job.status ?? 'Unknown'} - ${job.type ?? 'Job'} of "${job.protectedItem ?? ''}"`;
  const quoted = (v: string | null) => (v === null ? null : `"${v}"`);
  const size = (v: number | null) => (v === null ? null : cometSize(v));
  const time = (v: string | null) => (v === null ? null : cometUtcTime(v));
  const lines: [string, string | number | null][] = [
    ['Username', job.username],
    ['Type', job.type],
    ['Status', job.statusText ?? job.status],
    ['Started', time(job.startedAt)],
    ['Stopped', time(job.stoppedAt)],
    ['Protected Item', quoted(job.protectedItem)],
    ['Storage Vault', quoted(job.vault)],
    ['Device', quoted(job.device)],
    ['Client Version', job.clientVersion],
    ['Total Directories', job.directories],
    ['Total Files', job.files],
    ['Total Size', size(job.totalSize)],
    ['Uploaded', size(job.uploaded)],
    ['Downloaded', size(job.downloaded)],
  ];
  const text = ['Job Report', '', subject, '', ...lines.filter(([, v]) => v !== null).map(([label, v]) => `${label}: ${v}`)].join('\n');
  return { subject, text };
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** A size as Comet prints it: three decimals in the largest 1024-based unit that keeps it at 1 or more. */
function cometSize(bytes: number): string {
  let unit = 0;
  while (unit < UNITS.length - 1 && bytes >= 1024 ** (unit + 1)) unit++;
  return unit === 0 ? `${bytes} B` : `${(bytes / 1024 ** unit).toFixed(3)} ${UNITS[unit]}`;
}

/** Go's "02 Jan 06 15:04 MST", in UTC. */
const cometUtcTime = (iso: string) => `${DateTime.fromISO(iso, { zone: 'utc' }).toFormat('dd LLL yy HH:mm', { locale: 'en' })} UTC`;
