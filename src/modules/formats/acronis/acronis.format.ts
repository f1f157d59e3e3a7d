import { emptyJob, MAX_KEY_LINES, type ReadContext, type ReportFormat, type ReportJob, type ReportMessage } from '../formats.models.js';
import { readBody } from './acronis.body.js';
import { readLegacy, recognisesLegacy } from './acronis.legacy.js';
import { lastGroup, readSubject } from './acronis.subject.js';

const GROUP_PATH = 'acronis.groupPath';
const BACKUP_ACCOUNT = 'acronis.backupAccount';
const DESTINATION = 'acronis.destination';
const MAX_KEY_LINE = 500;

function recognises(message: ReportMessage): boolean {
  return readSubject(message.subject) !== null || recognisesLegacy(message);
}

/**
 * One job per alert mail. The tenant is the last step of the group path (the
 * customer; the steps before it are the partners above it, and how many of
 * them a mail shows depends on whose alert it is), the device the machine or
 * cloud resource, the item the protection plan.
 */
function readCloud(message: ReportMessage, context: ReadContext): ReportJob {
  const job = emptyJob('Acronis Cyber Protect Cloud');
  job.type = 'Backup';
  const subject = readSubject(message.subject)!;
  const part = (key: string) => subject.parts.get(key) ?? null;
  const body = readBody(message.text, context.timezone, part('machine') ?? part('resource'));

  const groupPath = part('group') ?? body.fields.get('group') ?? null;
  const account = part('backup account');
  job.tenant = groupPath ? lastGroup(groupPath) : account;
  job.device = part('machine') ?? part('resource') ?? body.fields.get('device') ?? null;
  job.item = part('plan') ?? body.fields.get('plan name') ?? null;
  job.status = subject.status ?? body.title?.status ?? null;
  job.statusText = subject.status ? subject.result : (body.title?.text ?? subject.result);
  job.stoppedAt = body.at;
  job.extra[GROUP_PATH] = groupPath;
  job.extra[BACKUP_ACCOUNT] = account;
  job.extra[DESTINATION] = body.fields.get('where to back up') ?? null;
  if (job.status !== 'success') job.keyLines = body.messages.slice(0, MAX_KEY_LINES).map((line) => line.slice(0, MAX_KEY_LINE));

  if (!job.status) job.problems.push(`"BACKUP ${subject.result}" is not a result backwatch knows`);
  if (subject.unclosed) job.problems.push(`the subject is cut off in its "${subject.unclosed}" part`);
  if (!job.tenant) job.problems.push('no group could be read');
  if (!job.device) job.problems.push('no machine or resource could be read');
  if (!job.item) job.problems.push('no plan could be read');
  return job;
}

function read(message: ReportMessage, context: ReadContext): ReportJob[] {
  if (readSubject(message.subject)) return [readCloud(message, context)];
  return recognisesLegacy(message) ? [readLegacy(message)] : [];
}

/**
 * Acronis Cyber Protect Cloud backup alerts (`BACKUP FAILED (group: …)(machine: …)(plan: …)`,
 * usually from noreply-abc@cloud.acronis.com, though a partner may brand the sender),
 * and the older Acronis Backup & Recovery plain-text task logs.
 */
export const acronisFormat: ReportFormat = {
  id: 'acronis',
  product: 'Acronis',
  recognises,
  read,
  fields: [
    { name: GROUP_PATH, description: 'The whole group path of the alert ("Partner > Customer"); the tenant is its last step' },
    { name: BACKUP_ACCOUNT, description: 'The backup account the subject names, where it names one' },
    { name: DESTINATION, description: 'Where the plan backs up to ("Where to back up"), where the body says it' },
  ],
};
