import { MAX_KEY_LINES, MAX_LOG_LINES, type ReportJob } from '../formats.models.js';
import { parseCount, parseDuration, parseSize } from '../formats.units.js';
import type { PbsBody } from './pbs.body.js';
import type { PbsSubject } from './pbs.subject.js';

// What each kind of Proxmox Backup Server job tells beyond its status.

/** When a task started: the UPID's sixth field is its start in hex epoch seconds. */
function upidStart(upid: string | undefined): string | null {
  const parts = upid?.startsWith('UPID:') ? upid.split(':') : [];
  const seconds = parts[5] && /^[0-9A-Fa-f]{8,16}$/.test(parts[5]) ? parseInt(parts[5], 16) : NaN;
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : null;
}

function sizeField(job: ReportJob, body: PbsBody, label: string): number | null {
  const value = body.fields.get(label);
  if (value === undefined) return null;
  // `567.8 MiB (in 1234 chunks)`, `1.2 TiB (45.67%)`
  const paren = value.indexOf(' (');
  const text = paren >= 0 ? value.slice(0, paren) : value;
  const bytes = parseSize(text, 1024);
  if (bytes === null) job.problems.push(`${capitalised(label)}: "${text}" is not a size`);
  return bytes;
}

function countField(job: ReportJob, body: PbsBody, label: string): number | null {
  const value = body.fields.get(label);
  if (value === undefined) return null;
  const count = parseCount(value);
  if (count === null) job.problems.push(`${capitalised(label)}: "${value}" is not a count`);
  return count;
}

const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

export function readGarbageCollection(job: ReportJob, body: PbsBody): void {
  job.startedAt = upidStart(body.fields.get('task id'));
  if (job.status !== 'success' && job.status !== null) return;
  const pending = body.fields.get('pending removals') ?? '';
  const pendingChunks = /\(in (\d{1,15}) chunks\)$/.exec(pending)?.[1];
  const dedup = Number(body.fields.get('deduplication factor'));
  job.extra['pbs.indexFiles'] = countField(job, body, 'index file count');
  job.extra['pbs.removedBytes'] = sizeField(job, body, 'removed garbage');
  job.extra['pbs.removedChunks'] = countField(job, body, 'removed chunks');
  job.extra['pbs.removedBadChunks'] = countField(job, body, 'removed bad chunks');
  job.extra['pbs.badChunks'] = countField(job, body, 'leftover bad chunks');
  job.extra['pbs.pendingBytes'] = sizeField(job, body, 'pending removals');
  job.extra['pbs.pendingChunks'] = pendingChunks === undefined ? null : Number(pendingChunks);
  job.extra['pbs.diskBytes'] = sizeField(job, body, 'on-disk usage');
  job.extra['pbs.diskChunks'] = countField(job, body, 'on-disk chunks');
  job.extra['pbs.dedupFactor'] = body.fields.has('deduplication factor') && Number.isFinite(dedup) ? dedup : null;
  job.sizeBytes = sizeField(job, body, 'original data usage');
  const missing = ['removed garbage', 'original data usage', 'on-disk usage'].filter((label) => !body.fields.has(label));
  if (missing.length) job.problems.push(`the report ends without ${missing.map(capitalised).join(', ')}`);
  // Chunks found damaged (by a verify) that are still there: the data they belong to cannot be restored.
  const bad = job.extra['pbs.badChunks'];
  if (job.status === 'success' && typeof bad === 'number' && bad > 0) {
    job.status = 'warning';
    job.warningCount = 1;
    job.keyLines.push(`Leftover bad chunks: ${bad}`);
  }
}

export function readVerify(job: ReportJob, body: PbsBody): void {
  if (job.status !== 'failure') return;
  const failed = body.failedSnapshots;
  job.errorCount = failed.length || job.errorCount;
  job.keyLines = failed.length ? ['Verification failed on these snapshots/groups:', ...failed].slice(0, MAX_KEY_LINES) : job.keyLines;
  job.parts = failed.slice(0, MAX_LOG_LINES).map((name) => ({ name, status: 'failure', statusText: 'failed', sizeBytes: null, durationSeconds: null, detail: null }));
  job.objects = failed.length || null;
}

export function readSync(job: ReportJob, subject: PbsSubject | null, body: PbsBody): void {
  job.extra['pbs.remote'] = body.fields.get('remote') ?? subject?.remote ?? null;
  job.extra['pbs.sourceStore'] = body.fields.get('remote store') ?? body.fields.get('local source store') ?? subject?.remoteStore ?? null;
}

export function readTape(job: ReportJob, body: PbsBody): void {
  job.extra['pbs.tapePool'] = body.fields.get('tape pool') ?? null;
  job.extra['pbs.tapeDrive'] = body.fields.get('tape drive') ?? null;
  job.extra['pbs.tapes'] = body.tapes.length ? body.tapes.join(', ') : null;
  const duration = body.fields.get('duration');
  if (duration !== undefined) {
    job.durationSeconds = duration === '<0.1s' ? 0 : parseDuration(duration);
    if (job.durationSeconds === null) job.problems.push(`Duration: "${duration}" is not a duration`);
  }
  const snapshots = body.snapshots;
  job.objects = snapshots.length || null;
  job.parts = snapshots.slice(0, MAX_LOG_LINES).map((name) => ({ name, status: 'success', statusText: null, sizeBytes: null, durationSeconds: null, detail: null }));
}
