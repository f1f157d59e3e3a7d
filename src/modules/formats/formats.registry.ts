import { JOB_FIELDS, MESSAGE_FIELDS } from '../rules/rules.models.js';
import { acronisFormat } from './acronis/acronis.format.js';
import { cometFormat } from './comet/comet.format.js';
import { cronFormat } from './cron/cron.format.js';
import { duplicatiFormat } from './duplicati/duplicati.format.js';
import { pbsFormat } from './pbs/pbs.format.js';
import { proxmoxFormat } from './proxmox/proxmox.format.js';
import { synologyFormat } from './synology/synology.format.js';
import { urbackupFormat } from './urbackup/urbackup.format.js';
import { veeamFormat } from './veeam/veeam.format.js';
import { emptyJob, MAX_KEY_LINES, MAX_LOG_LINES, type ReadContext, type ReportFormat, type ReportJob, type ReportMessage } from './formats.models.js';

/**
 * Every report format, in the order they are tried: the first that recognises
 * a message reads it. Each recognises by a signature of its own (a subject
 * form with a sender or body marker); Comet's, a few summary labels, is the
 * loosest and goes last.
 */
export const FORMATS: readonly ReportFormat[] = [
  veeamFormat,
  proxmoxFormat,
  pbsFormat,
  duplicatiFormat,
  urbackupFormat,
  synologyFormat,
  acronisFormat,
  cronFormat,
  cometFormat,
];

const byId = new Map(FORMATS.map((f) => [f.id, f]));

export const FORMAT_IDS = FORMATS.map((f) => f.id) as [string, ...string[]];

/** How a report came to belong to a check: its address, its rules, the job (of this format) the check stands for; `rpo` for a mark of no good backup for too long, which no report made. */
export const MATCHED_BY_VALUES = ['address', 'criteria', 'rpo', ...FORMAT_IDS] as [string, ...string[]];

/** What decided a status: a rule set, the default, a format's job status, an anomaly, the RPO. */
export const STATUS_SOURCE_VALUES = ['success', 'warning', 'failure', 'default', 'anomaly', 'rpo', ...FORMAT_IDS] as [string, ...string[]];

export const formatById = (id: string): ReportFormat | undefined => byId.get(id);

/** Every field a rule can test: the message's, any job's, and each format's own. */
export const RULE_FIELD_NAMES = [...MESSAGE_FIELDS, ...JOB_FIELDS, ...FORMATS.flatMap((f) => (f.fields ?? []).map((field) => field.name))] as [string, ...string[]];

const MESSAGE_FIELD_LABELS: Record<string, string> = { subject: 'Subject', body: 'Body', from: 'From', to: 'To', attachmentName: 'Attachment name' };
const JOB_FIELD_LABELS: Record<string, string> = {
  'job.format': 'Job report format',
  'job.product': 'Job product',
  'job.tenant': 'Job tenant',
  'job.device': 'Job device',
  'job.item': 'Job item',
  'job.type': 'Job type',
  'job.status': 'Job status',
  'job.statusText': 'Job status as written',
  'job.sizeBytes': 'Job size (bytes)',
  'job.transferredBytes': 'Job transferred (bytes)',
  'job.files': 'Job files',
  'job.objects': 'Job objects',
  'job.errorCount': 'Job errors',
  'job.warningCount': 'Job warnings',
  'job.durationSeconds': 'Job duration (seconds)',
  'job.version': 'Job product version',
};
// A format names its fields in camelCase: "Veeam data read" for veeam.dataRead, unless it gives a label.
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const FORMAT_FIELD_LABELS = new Map(FORMATS.flatMap((f) => (f.fields ?? []).map((x) => [x.name, x.label ?? `${f.product} ${words(x.name.slice(f.id.length + 1))}`] as const)));

/** A rule field as people read it in an alert ("Comet username", "Job status"). */
export const ruleFieldLabel = (field: string): string => MESSAGE_FIELD_LABELS[field] ?? JOB_FIELD_LABELS[field] ?? FORMAT_FIELD_LABELS.get(field) ?? field;

/** More jobs than any report lists (a vzdump run of a whole cluster); the rest are not read. */
const MAX_JOBS = 500;

export interface Reading {
  format: ReportFormat;
  jobs: ReportJob[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300);

/**
 * The format that recognises the message, and the jobs it reads from it. A
 * format that throws never stops ingestion: a recognition that throws counts
 * as none, a reading that throws gives one job that says so in `problems`.
 * `contextOf` answers null for a format the organization turned off.
 */
export function readReport(message: ReportMessage, contextOf: (format: ReportFormat) => ReadContext | null, formats: readonly ReportFormat[] = FORMATS): Reading | null {
  for (const format of formats) {
    let recognised = false;
    try {
      recognised = format.recognises(message);
    } catch {
      recognised = false;
    }
    // The context is made only for the format that recognises the message (a turned-off one is passed over).
    const context = recognised ? contextOf(format) : null;
    if (!context) continue;
    const sender = senderOf(message);
    try {
      const jobs = format.read(message, context).slice(0, MAX_JOBS);
      for (const job of jobs) bound(job, sender);
      return { format, jobs };
    } catch (e) {
      return { format, jobs: [{ ...emptyJob(format.product), problems: [`The report could not be read: ${errorText(e)}`], sender }] };
    }
  }
  return null;
}

/** The sender's address, lower-cased: the first of the message's sender forms that is one. */
function senderOf(message: ReportMessage): string | null {
  for (const from of message.from) {
    const address = /<([^<>\s]{1,254}@[^<>\s]{1,254})>\s*$/.exec(from)?.[1] ?? (/^[^<>\s]{1,254}@[^<>\s]{1,254}$/.test(from) ? from : null);
    if (address) return address.toLowerCase();
  }
  return null;
}

/** A job as read, kept within bounds and given its sender (in place: each job is the format's fresh object). */
function bound(job: ReportJob, sender: string | null): void {
  if (job.keyLines.length > MAX_KEY_LINES) job.keyLines = job.keyLines.slice(0, MAX_KEY_LINES);
  if (job.log.length > MAX_LOG_LINES) job.log = job.log.slice(0, MAX_LOG_LINES);
  job.sender ??= sender;
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** A job field's or a format field's value as text, as rules compare it. */
export function jobFieldValue(format: ReportFormat, job: ReportJob, field: string): string | null {
  switch (field) {
    case 'job.format':
      return format.id;
    case 'job.product':
      return job.product;
    case 'job.tenant':
      return job.tenant;
    case 'job.device':
      return job.device;
    case 'job.item':
      return job.item;
    case 'job.type':
      return job.type;
    case 'job.status':
      return job.status;
    case 'job.statusText':
      return job.statusText;
    case 'job.sizeBytes':
      return text(job.sizeBytes);
    case 'job.transferredBytes':
      return text(job.transferredBytes);
    case 'job.files':
      return text(job.files);
    case 'job.objects':
      return text(job.objects);
    case 'job.errorCount':
      return text(job.errorCount);
    case 'job.warningCount':
      return text(job.warningCount);
    case 'job.durationSeconds':
      return text(job.durationSeconds);
    case 'job.version':
      return job.version;
  }
  if (!field.startsWith(`${format.id}.`)) return null;
  return text(format.fieldValue ? format.fieldValue(job, field) : job.extra[field]);
}
