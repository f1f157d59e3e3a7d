import type { JobStatus } from '../../../shared/status.js';
import { emptyJob, MAX_KEY_LINES, MAX_LOG_LINES, type ReportJob, type ReportMessage } from '../formats.models.js';

/**
 * Acronis Backup & Recovery 10/11 (on premises) mails a task's full log as
 * plain text; its last line says how the task ended ("... has succeeded." /
 * "... has failed."), and each error is an "Error code:" line with a
 * "Message:" line after it (as a public "Acronis Backup Summary" script reads
 * them). The rest of the layout is not known, so only those are read.
 */
const ENDINGS: readonly (readonly [string, JobStatus])[] = [
  [' has succeeded with warnings.', 'warning'],
  [' has succeeded.', 'success'],
  [' has failed.', 'failure'],
];
const MAX_TEXT = 256 * 1024;
const MAX_LINE = 2_000;
const MAX_SENTENCE = 300;

const lastLine = (text: string) => {
  const tail = text.slice(-MAX_LINE * 2).trimEnd();
  return tail.slice(tail.lastIndexOf('\n') + 1).trim();
};

function ending(line: string): { subject: string; status: JobStatus; words: string } | null {
  if (line.length > MAX_SENTENCE) return null;
  const lower = line.toLowerCase();
  const found = ENDINGS.find(([e]) => lower.endsWith(e));
  return found ? { subject: line.slice(0, -found[0].length).trim(), status: found[1], words: line.slice(-found[0].length + 1, -1) } : null;
}

/**
 * Plain text that names the product (in its sender, subject or first lines) and
 * ends the way a task log does; cron's mail of a script that runs Acronis is cron's.
 */
export function recognisesLegacy(message: ReportMessage): boolean {
  if (message.html !== null || message.text.length === 0 || message.subject.startsWith('Cron <')) return false;
  const names = /acronis/i.test(message.subject) || message.from.some((f) => /acronis/i.test(f)) || /acronis backup/i.test(message.text.slice(0, 8_192));
  return names && ending(lastLine(message.text)) !== null;
}

/** "Task 'Nightly' has failed." → Nightly: a quoted name when there is one, else the whole sentence subject. */
function taskName(subject: string): string {
  const quote = subject.search(/['"‘“]/);
  if (quote >= 0) {
    const close = subject.slice(quote + 1).search(/['"’”]/);
    if (close > 0) return subject.slice(quote + 1, quote + 1 + close);
  }
  return subject;
}

export function readLegacy(message: ReportMessage): ReportJob {
  const job = emptyJob('Acronis Backup & Recovery');
  const lines = message.text.slice(0, MAX_TEXT).split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean);
  const end = ending(lastLine(message.text));
  if (end) {
    job.status = end.status;
    job.statusText = end.words;
    job.item = taskName(end.subject) || null;
  } else job.problems.push('no status could be read');
  if (!job.item) job.problems.push('no task name could be read');

  let code: string | null = null;
  let errors = 0;
  for (const line of lines) {
    if (line.startsWith('Error code:')) {
      code = line.slice('Error code:'.length).trim();
      errors++;
    } else if (line.startsWith('Message:') && code !== null) {
      const text = `${line.slice('Message:'.length).trim()} (error code ${code})`;
      if (job.keyLines.length < MAX_KEY_LINES && !job.keyLines.includes(text)) job.keyLines.push(text);
      code = null;
    }
  }
  job.errorCount = errors;
  job.log = lines.slice(0, MAX_LOG_LINES).map((text) => ({ at: null, text: text.slice(0, MAX_LINE) }));
  return job;
}
