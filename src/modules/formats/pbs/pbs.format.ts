import { emptyJob, type ReportFormat, type ReportJob, type ReportMessage } from '../formats.models.js';
import { readPbsBody, type PbsBody } from './pbs.body.js';
import { readGarbageCollection, readSync, readTape, readVerify } from './pbs.jobs.js';
import { readPbsSubject, type PbsKind, type PbsSubject } from './pbs.subject.js';

const PRODUCT = 'Proxmox Backup Server';
/** The sender PBS gives its job mails: `Proxmox Backup Server - <nodename>`. */
const SENDER = /Proxmox Backup Server - ([A-Za-z0-9.-]{1,253})/i;
const RECOGNITION_TEXT = 64 * 1024;
const RECOGNITION_LINES = 200;

const TYPES: Record<PbsKind, string> = {
  verify: 'Verify',
  gc: 'Garbage collection',
  sync: 'Sync',
  prune: 'Prune',
  tape: 'Tape backup',
};

const KIND_OF_RESULT = new Map<string, PbsKind>([
  ['Verification', 'verify'],
  ['Garbage collection', 'gc'],
  ['Synchronization', 'sync'],
  ['Pruning', 'prune'],
  ['Tape Backup', 'tape'],
]);

const FIELDS = [
  { name: 'pbs.jobId', description: 'The job ID of a verify, sync, prune or tape backup job' },
  { name: 'pbs.remote', description: 'The remote a sync job pulled from (null for a local sync)' },
  { name: 'pbs.sourceStore', description: 'The datastore a sync job pulled from' },
  { name: 'pbs.indexFiles', description: 'Garbage collection: index files read' },
  { name: 'pbs.removedBytes', description: 'Garbage collection: garbage removed, in bytes' },
  { name: 'pbs.removedChunks', description: 'Garbage collection: chunks removed' },
  { name: 'pbs.removedBadChunks', description: 'Garbage collection: bad chunks removed' },
  { name: 'pbs.badChunks', description: 'Garbage collection: bad chunks left over (damaged data still in the datastore)' },
  { name: 'pbs.pendingBytes', description: 'Garbage collection: bytes pending removal' },
  { name: 'pbs.pendingChunks', description: 'Garbage collection: chunks pending removal' },
  { name: 'pbs.diskBytes', description: 'Garbage collection: bytes the datastore uses on disk' },
  { name: 'pbs.diskChunks', description: 'Garbage collection: chunks on disk' },
  { name: 'pbs.dedupFactor', description: 'Garbage collection: deduplication factor (original data / on-disk usage)' },
  { name: 'pbs.tapePool', description: 'Tape backup: the media pool' },
  { name: 'pbs.tapeDrive', description: 'Tape backup: the drive' },
  { name: 'pbs.tapes', description: 'Tape backup: the tapes used, comma-separated' },
] as const;

function recognises(message: ReportMessage): boolean {
  if (!readPbsSubject(message.subject)) return false;
  if (message.from.some((f) => SENDER.test(f))) return true;
  const lines = message.text.slice(0, RECOGNITION_TEXT).split(/\r?\n/, RECOGNITION_LINES);
  return lines.some((line) => /^\s*Datastore:\s+\S/.test(line) || line.includes(':8007/#'));
}

function read(message: ReportMessage): ReportJob[] {
  const subject = readPbsSubject(message.subject);
  const body = readPbsBody(message.text);
  const kind = subject?.kind ?? KIND_OF_RESULT.get(body.result?.what ?? '') ?? null;
  const job = emptyJob(PRODUCT);
  job.type = kind ? TYPES[kind] : null;
  // The node name: the link's host is `<nodename>.<search domain>`, so all three sources agree on it.
  job.device = body.host?.split('.')[0] || senderNode(message.from) || upidNode(body.fields.get('task id'));
  readStatus(job, subject, body);
  const store = body.fields.get('datastore') ?? (kind === 'sync' ? null : subject?.store) ?? null;
  const jobId = body.fields.get('job id') || subject?.id || null;
  job.extra['pbs.jobId'] = jobId;
  if (!store) job.problems.push('the datastore could not be read');
  if (kind === 'gc') readGarbageCollection(job, body);
  if (kind === 'verify') readVerify(job, body);
  if (kind === 'sync') readSync(job, subject, body);
  if (kind === 'tape') readTape(job, body);
  job.item = itemOf(kind, store, jobId, job);
  return [job];
}

function readStatus(job: ReportJob, subject: PbsSubject | null, body: PbsBody): void {
  job.status = subject?.outcome ?? body.result?.outcome ?? null;
  job.statusText = body.result?.text ?? subject?.outcomeText ?? null;
  if (subject && !subject.outcome) job.problems.push(`"${subject.outcomeText}" is not a Proxmox Backup Server outcome`);
  if (subject?.outcome && body.result && subject.outcome !== body.result.outcome) {
    job.problems.push(`the subject says ${subject.outcomeText} but the body says ${body.result.text}`);
  }
  if (job.status === null) job.problems.push('no status could be read');
  if (job.status === 'failure' && body.result) {
    job.keyLines.push(body.result.error ? `${body.result.text}: ${body.result.error}` : body.result.text);
    job.errorCount = 1;
  } else if (job.status === 'success') job.errorCount = 0;
}

/** Names a check can tell apart: the kind, the datastore and the job (or the source of a sync). */
function itemOf(kind: PbsKind | null, store: string | null, jobId: string | null, job: ReportJob): string | null {
  if (!kind || !store) return store;
  const id = jobId ? ` (${jobId})` : '';
  if (kind === 'sync') {
    const remote = job.extra['pbs.remote'];
    const source = job.extra['pbs.sourceStore'];
    const from = source ? ` from ${remote ? `${remote}/` : ''}${source}` : '';
    return `Sync ${store}${from}${id}`;
  }
  return `${TYPES[kind]} ${store}${kind === 'gc' ? '' : id}`;
}

function senderNode(from: string[]): string | null {
  for (const f of from) {
    const match = SENDER.exec(f);
    if (match) return match[1]!;
  }
  return null;
}

/** `UPID:<node>:<pid>:<pstart>:<task>:<start, hex epoch>:<type>:<id>:<user>:`. */
function upidNode(upid: string | undefined): string | null {
  const parts = upid?.startsWith('UPID:') ? upid.split(':') : [];
  return parts[1] || null;
}

export const pbsFormat: ReportFormat = {
  id: 'pbs',
  product: PRODUCT,
  recognises,
  read,
  fields: FIELDS,
};
