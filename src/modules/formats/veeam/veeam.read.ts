import { emptyJob, MAX_KEY_LINES, MAX_LOG_LINES, type ReadContext, type ReportJob, type ReportMessage } from '../formats.models.js';
import { gridCounts, quoted, readFigures, readParts, readTimes } from './veeam.figures.js';
import { productOf, serverOf, statusOf, type VeeamProduct } from './veeam.product.js';
import type { ReportTables } from './veeam.report.js';
import { sourceOf } from './veeam.source.js';
import { countedName, dashParts, resultToken, withoutRetry } from './veeam.subject.js';
import { fullTime } from './veeam.time.js';

/** One Veeam job report (every Veeam product here mails one job per message) read into its job. */
export function readReport(message: ReportMessage, context: ReadContext): ReportJob {
  const subject = typeof message.subject === 'string' ? message.subject : '';
  const token = resultToken(subject);
  const source = sourceOf(message);
  const { tables } = source;
  const { product, version } = productOf(source.lines, token?.rest ?? '');
  const job = emptyJob(product);
  job.version = version;
  readTimes(job, tables, context);
  name(job, product, token?.rest ?? '', tables, source.lines, context);
  status(job, token?.word ?? null, tables.statusText);
  readFigures(job, tables);
  job.parts = readParts(tables, job.problems);
  counts(job, tables);
  messages(job, tables);
  if (!source.hasBody) job.problems.push('the message has no body: only the subject was read');
  else if (tables.name === null && tables.grid.size === 0) job.problems.push('the body holds no Veeam report table');
  else if (tables.columns.length === 0 && product !== 'Veeam Backup for Microsoft 365') job.problems.push('the report has no Details table');
  else if (tables.columns.length > 0 && job.objects !== null && job.parts.length < job.objects) {
    job.problems.push(`the Details table lists ${job.parts.length} of ${job.objects} objects`);
  }
  if (source.cut) job.problems.push('the report is longer than is read; its end was not read');
  return job;
}

/** Tenant, device, item, type and retry, from the title row where it names them, else from the subject. */
function name(job: ReportJob, product: VeeamProduct, rest: string, tables: ReportTables, lines: string[], context: ReadContext): void {
  const counted = countedName(rest);
  const titled = tables.name ? withoutRetry(tables.name) : null;
  const subjectName = counted ? withoutRetry(counted.name) : null;
  const retry = titled?.retry ?? subjectName?.retry ?? null;
  if (retry !== null) job.extra['veeam.retry'] = retry;
  job.type = tables.type ?? 'Backup';
  job.objects = counted?.objects ?? null;
  const parts = dashParts(rest);
  switch (product) {
    case 'Veeam Backup & Replication':
      job.item = titled?.name ?? subjectName?.name ?? (rest || null);
      job.device = serverOf(lines);
      break;
    case 'Veeam Backup for Microsoft 365': {
      const [org, ...jobName] = dashParts(subjectName?.name ?? rest);
      job.tenant = jobName.length > 0 ? org! : null;
      job.item = titled?.name ?? (jobName.length > 0 ? jobName.join(' - ') : org || null);
      break;
    }
    case 'Veeam Agent for Microsoft Windows':
      job.device = parts[0] || null;
      job.item = titled?.name ?? (parts.length >= 3 ? parts.slice(1, -1).join(' - ') : parts[1] || null);
      // %CompletionTime% closes the subject: the end when the body has none.
      if (parts.length >= 3 && job.stoppedAt === null) job.stoppedAt = fullTime(parts[parts.length - 1]!, context.timezone);
      break;
    case 'Veeam Agent for Linux':
      job.device = parts[0] || null;
      job.item = titled?.name ?? null;
      break;
  }
  if (job.item === null && job.device === null) job.problems.push('no job name could be read');
}

function status(job: ReportJob, token: string | null, cell: string | null): void {
  const fromToken = statusOf(token);
  const fromCell = statusOf(cell);
  if (cell && !fromCell) job.problems.push(`Status: ${quoted(cell)} is not a Veeam result`);
  if (fromToken && fromCell && fromToken !== fromCell) job.problems.push(`the subject says ${quoted(token!)} but the report says ${quoted(cell!)}`);
  job.statusText = token ?? cell;
  job.status = fromToken ?? fromCell ?? (cell ? 'unknown' : null);
  if (job.status === null) job.problems.push('no status could be read');
}

function counts(job: ReportJob, tables: ReportTables): void {
  const grid = gridCounts(tables);
  const gridTotal = grid.success !== null && grid.warning !== null && grid.error !== null ? grid.success + grid.warning + grid.error : null;
  job.objects ??= tables.processed?.total ?? gridTotal ?? (job.parts.length > 0 ? job.parts.length : null);
  // The objects' own statuses when the table lists them all; the grid's counts when it was cut short.
  const listed = job.parts.length > 0 && (job.objects === null || job.parts.length >= job.objects || gridTotal === null);
  job.errorCount = listed ? job.parts.filter((p) => p.status === 'failure').length : grid.error;
  job.warningCount = listed ? job.parts.filter((p) => p.status === 'warning').length : grid.warning;
}

/** The job's own messages first, then each troubled object's, named. */
function messages(job: ReportJob, tables: ReportTables): void {
  const lines = new Set<string>();
  for (const line of tables.details) lines.add(line.trim());
  for (const part of job.parts) {
    if (part.detail && (part.status === 'warning' || part.status === 'failure')) lines.add(`${part.name}: ${part.detail}`);
  }
  lines.delete('');
  job.keyLines = [...lines].slice(0, MAX_KEY_LINES);
  job.log = tables.details.slice(0, MAX_LOG_LINES).map((text) => ({ at: null, text }));
}
