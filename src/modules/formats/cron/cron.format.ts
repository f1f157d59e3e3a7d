import { emptyJob, MAX_KEY_LINES, MAX_LOG_LINES, type ReportFormat, type ReportMessage } from '../formats.models.js';
import { readCronSubject, readSystemdCronSubject, type CronSubject } from './cron.subject.js';

const MAX_TEXT = 512 * 1024;
const MAX_LINE_TEXT = 2_000;
const PROBLEM_WORDS = /error|fail|fatal|warn/i;

const header = (m: ReportMessage, name: string) => m.headers.find((h) => h.name === name)?.value ?? '';

/** cronie and vixie: `From: root (Cron Daemon)` (the comment survives only in the raw header), micron `"(Cron daemon)"`, `X-Cron-Env`. */
const isCronDaemonMail = (m: ReportMessage) =>
  /\(cron daemon\)/i.test(header(m, 'from')) || m.from.some((f) => /cron daemon/i.test(f)) || m.headers.some((h) => h.name === 'x-cron-env');

const isSystemdCronMail = (m: ReportMessage) => /\(systemd-cron\)/.test(header(m, 'from')) || header(m, 'x-mailer').startsWith('systemd-cron');

function subjectOf(m: ReportMessage): CronSubject | null {
  if (m.subject.startsWith('Cron <')) return isCronDaemonMail(m) ? readCronSubject(m.subject) : null;
  return isSystemdCronMail(m) ? readSystemdCronSubject(m.subject) : null;
}

const cut = (text: string) => (text.length > MAX_LINE_TEXT ? text.slice(0, MAX_LINE_TEXT) : text);

export const cronFormat: ReportFormat = {
  id: 'cron',
  product: 'cron',
  fields: [
    { name: 'cron.user', description: 'The user the job ran as (user@host in the subject)' },
    { name: 'cron.outputLines', description: 'Lines of output the job wrote (blank lines not counted)' },
  ],
  options: [
    {
      name: 'emptyOutputIsSuccess',
      description: 'A cron mail whose output is empty or only whitespace counts as a success (cron itself says nothing of success)',
      default: false,
    },
  ],

  recognises: (message) => subjectOf(message) !== null,

  read(message, context) {
    const subject = subjectOf(message);
    if (!subject) return [];
    const job = emptyJob('cron');
    job.device = subject.host;
    job.item = subject.command;
    job.type = 'cron';
    const text = message.text.slice(0, MAX_TEXT);
    const lines = text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    job.log = lines.slice(0, MAX_LOG_LINES).map((l) => ({ at: null, text: cut(l) }));
    job.keyLines = lines.filter((l) => PROBLEM_WORDS.test(l)).slice(0, MAX_KEY_LINES).map((l) => cut(l.trim()));
    job.extra = { 'cron.user': subject.user, 'cron.outputLines': lines.length };
    if (text.length < message.text.length) job.problems.push(`the output is longer than ${MAX_TEXT / 1024} KB; the rest was not read`);

    // cron reports output, not outcome: only an exit status the subject states, or (by choice) silence, decides.
    if (subject.said === 'failed') {
      job.status = 'failure';
      job.statusText = 'failed';
    } else if (context.options.emptyOutputIsSuccess === true && message.text.trim() === '') {
      job.status = 'success';
      job.statusText = 'no output';
    } else {
      job.status = 'unknown';
    }
    return [job];
  },
};
