import { emptyJob, MAX_KEY_LINES, type ReadContext, type ReportFormat, type ReportJob, type ReportMessage } from '../formats.models.js';
import { secondsBetween } from '../formats.units.js';
import { fold } from './synology.languages.js';
import { bodyHeadline, readBody } from './synology.body.js';
import { looksEnglish, readPhrase } from './synology.phrase.js';
import { prefixHost, productIn, readSubject, type ProductName } from './synology.subject.js';

const PROTECTED_DEVICES = 'synology.protectedDevices';
const MAX_KEY_LINE = 500;
const BODY_HEAD = 4 * 1024;
const UNREAD_LANGUAGE = 'the report is in a language backwatch does not read; its status was not read';

/** The subject of a report whose subject names no product: the phrase after a "[host]" prefix. */
function bareSubject(subject: string): { prefix: string | null; phrase: string } {
  const s = subject.trim();
  const close = s.startsWith('[') ? s.indexOf(']') : -1;
  return close > 0 ? { prefix: s.slice(1, close).trim() || null, phrase: s.slice(close + 1).trim() } : { prefix: null, phrase: s };
}

/** A DSM footer ("From NAS01", "Da NAS01") whose host the subject names too. */
function footerInSubject(message: ReportMessage): boolean {
  const tail = message.text.slice(-400).trimEnd();
  const last = tail.slice(tail.lastIndexOf('\n') + 1).trim();
  const host = /^\p{L}{2,12} ([\p{L}\p{N}][\p{L}\p{N}._-]{0,62})$/u.exec(last)?.[1];
  return host !== undefined && fold(message.subject).includes(fold(host));
}

/** The report's product, prefix and phrase: from the subject, or for a subject naming no product, from a body that does. */
function locate(message: ReportMessage): { product: ProductName; prefix: string | null; phrase: string } | null {
  const subject = readSubject(message.subject);
  if (subject) return subject;
  const bare = bareSubject(message.subject.slice(0, 1_000));
  const product = readPhrase(bare.phrase)?.status ? productIn(message.text.slice(0, BODY_HEAD)) : null;
  return product && footerInSubject(message) ? { product, ...bare } : null;
}

const DEAR_USER = /^dear user,/im;

function recognises(message: ReportMessage): boolean {
  const found = locate(message);
  if (!found) return false;
  const phrase = readPhrase(found.phrase);
  if (phrase?.status) return true;
  // "Hyper Backup" alone is a common phrase: the DSM footer or greeting must be there too.
  if (found.product === 'Hyper Backup' && !footerInSubject(message) && !DEAR_USER.test(message.text.slice(0, 500))) return false;
  return phrase !== null || !looksEnglish(found.phrase) || bodyHeadline(message.text) !== null;
}

function read(message: ReportMessage, context: ReadContext): ReportJob[] {
  const found = locate(message);
  if (!found) return [];
  const subjectPhrase = readPhrase(found.phrase);
  // A subject changed on the way (a custom DSM subject) still leaves the body's own sentence.
  const phrase = (subjectPhrase?.status ? null : bodyHeadline(message.text)) ?? subjectPhrase;
  if (!phrase && looksEnglish(found.phrase)) return [];

  const job = emptyJob(`Synology ${found.product}`);
  job.type = found.product;
  const body = readBody(message.text, phrase?.language ?? null, context.timezone, context.receivedAt);
  // A footer in a language not read is only trusted when the subject names the same host.
  const footerHost = phrase || (body.footer && fold(message.subject).includes(fold(body.footer.host))) ? (body.footer?.host ?? null) : null;
  job.device = phrase?.nas ?? footerHost ?? prefixHost(found.prefix);
  job.item = phrase?.task ?? null;

  if (!phrase) {
    job.status = 'unknown';
    job.statusText = found.phrase || null;
    job.problems.push(UNREAD_LANGUAGE);
    return [job];
  }
  job.status = phrase.status;
  job.statusText = phrase.statusText;
  if (!phrase.status) job.problems.push(phrase.statusText ? `the result "${phrase.statusText}" is not one backwatch knows` : 'no status could be read');
  if (!job.item) job.problems.push('no task name could be read');
  if (!job.device) job.problems.push('no NAS name could be read');

  job.startedAt = body.startedAt;
  job.stoppedAt = body.stoppedAt;
  job.durationSeconds = secondsBetween(body.startedAt, body.stoppedAt);
  if (body.startedAt && body.stoppedAt && job.durationSeconds === null) job.problems.push('the end time is before the start time');
  job.transferredBytes = body.transferredBytes;
  job.problems.push(...body.problems);
  if (body.devices.length) {
    job.extra[PROTECTED_DEVICES] = body.devices.join(', ');
    job.parts = body.devices.map((name) => ({ name, status: null, statusText: null, sizeBytes: null, durationSeconds: null, detail: null }));
  }
  if (job.status === 'warning' || job.status === 'failure') {
    job.keyLines = body.sayings.slice(0, MAX_KEY_LINES).map((line) => line.slice(0, MAX_KEY_LINE));
  }
  return [job];
}

/**
 * Synology Active Backup (for Business, Microsoft 365, Google Workspace) and
 * Hyper Backup task mails, as DSM sends them in its notification language.
 * One job per mail: the NAS is the device, the task the item; the protected
 * device an Active Backup task names is a part, not the item, so a task keeps
 * one check when its device list changes or a failure mail leaves it out.
 */
export const synologyFormat: ReportFormat = {
  id: 'synology',
  product: 'Synology',
  recognises,
  read,
  // A mail in a language not read has no task name: it is not discovered as a check of its own.
  key: (job) => (job.item === null ? null : [job.tenant ?? '', job.device ?? '', job.item]),
  fields: [{ name: PROTECTED_DEVICES, description: 'The computers or servers an Active Backup task protected, as its mail lists them' }],
};
