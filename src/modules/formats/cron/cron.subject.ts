/**
 * The subjects of cron's mail: cronie and vixie cron write `Cron <user@host>
 * command` (cronie-crond/cronie src/do_command.c; Debian's cron adds ` (failed)`
 * after a non-zero exit); systemd-cron writes `[host] Failure: user's crontab
 * "schedule command"` or `[host] Output: …` (systemd-cron src/bin/mail_for_job.sh),
 * older releases `[host] job cron-….service failed`.
 */

export interface CronSubject {
  user: string | null;
  host: string;
  /** The job: the command line, or the crontab systemd-cron names. */
  command: string;
  /** What the subject itself says of the run: `failed` (Debian, systemd-cron), `Output` (systemd-cron), or nothing. */
  said: 'failed' | 'output' | null;
}

const MAX_SUBJECT = 4_096;
export const MAX_COMMAND = 200;
const DEBIAN_FAILED = ' (failed)';

const command = (text: string) => text.trim().slice(0, MAX_COMMAND).trim();

export function readCronSubject(subject: string): CronSubject | null {
  const text = subject.slice(0, MAX_SUBJECT);
  if (!text.startsWith('Cron <')) return null;
  const close = text.indexOf('>', 6);
  if (close < 0) return null;
  const who = text.slice(6, close);
  const at = who.lastIndexOf('@');
  if (at <= 0 || at === who.length - 1 || /\s/.test(who)) return null;
  let rest = text.slice(close + 1).trim();
  const failed = rest.endsWith(DEBIAN_FAILED);
  if (failed) rest = rest.slice(0, -DEBIAN_FAILED.length);
  if (!rest) return null;
  return { user: who.slice(0, at), host: who.slice(at + 1), command: command(rest), said: failed ? 'failed' : null };
}

const SCHEDULE_FIELDS = 5;

/**
 * `root's crontab "30 2 * * * /usr/local/sbin/dump-db"` → the command, and the user;
 * `/etc/crontab "30 2 * * * root /usr/local/sbin/dump-db"` (a system crontab has a user field);
 * `/etc/cron.daily/logrotate` → itself.
 */
function readSource(source: string): { user: string | null; command: string } {
  const quote = source.indexOf(' "');
  const owner = quote < 0 ? source : source.slice(0, quote);
  const userCrontab = /^(\S+)'s crontab$/.exec(owner);
  if (quote < 0 || !source.endsWith('"')) return { user: userCrontab?.[1] ?? null, command: command(source) };
  const words = source.slice(quote + 2, -1).trim().split(/\s+/);
  const schedule = words[0]?.startsWith('@') ? 1 : SCHEDULE_FIELDS;
  const skip = userCrontab ? schedule : schedule + 1;
  if (words.length <= skip) return { user: userCrontab?.[1] ?? null, command: command(source) };
  return { user: userCrontab ? userCrontab[1]! : words[skip - 1]!, command: command(words.slice(skip).join(' ')) };
}

export function readSystemdCronSubject(subject: string): CronSubject | null {
  const text = subject.slice(0, MAX_SUBJECT);
  const m = /^\[([^\]\s]{1,255})\] (Failure|Output): (.+)$/.exec(text);
  if (m) {
    const { user, command: job } = readSource(m[3]!.trim());
    return { user, host: m[1]!, command: job, said: m[2] === 'Failure' ? 'failed' : 'output' };
  }
  const old = /^\[([^\]\s]{1,255})\] job (\S{1,255}) failed$/.exec(text);
  return old ? { user: null, host: old[1]!, command: old[2]!, said: 'failed' } : null;
}
