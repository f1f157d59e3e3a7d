/** A job of any report format as people read it: its facts, the lines worth reading first, the objects it covered. */
import { formatCount, formatDuration, formatSize, formatTime } from '../format.js';
import { type Fact, FactList, orDash } from './Facts.js';
import { type CheckJob, type Job, type JobPart, jobOutdatedText } from './Jobs.js';
import { Badge, StatusBadge } from './Status.js';
import { type Column, Table } from './Table.js';

/** A check's job: what it stands for, and its newest run. */
export function CheckJobFacts({ job }: { job: CheckJob }) {
  const last = job.lastJob;
  const rows: Fact[] = [
    ['Product', job.product ?? '–'],
    ['Tenant', job.tenant ?? '–'],
    [
      'Device',
      <>
        {job.device ?? '–'}{' '}
        {job.outdated && (
          <Badge kind="outdated" title={jobOutdatedText(job)}>
            Outdated
          </Badge>
        )}
      </>,
    ],
    ['Item', job.item ?? '–'],
    ['Version', job.outdated ? `${job.version ?? '–'} (newest seen: ${job.newestVersion ?? '–'})` : (job.version ?? '–')],
    ['Job', `${last.type ?? 'Unknown type'}: ${last.statusText ?? 'no status'}`],
    ['Status', last.status ? <StatusBadge status={last.status} /> : '–'],
    ['Started', orDash(last.startedAt, formatTime)],
    ['Stopped', orDash(last.stoppedAt, formatTime)],
    ['Duration', orDash(last.durationSeconds, formatDuration)],
    ['Size', orDash(last.sizeBytes, formatSize)],
    ['Transferred', orDash(last.transferredBytes, formatSize)],
    ['Files', orDash(last.files, formatCount)],
    ['Objects', orDash(last.objects, formatCount)],
  ];
  return <FactList rows={rows} />;
}

const partColumns: Column<JobPart>[] = [
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status', value: (p) => p.statusText ?? p.status ?? '', render: (p) => (p.status ? <StatusBadge status={p.status} /> : (p.statusText ?? '–')) },
  { key: 'sizeBytes', label: 'Size', value: (p) => p.sizeBytes, render: (p) => orDash(p.sizeBytes, formatSize) },
  { key: 'durationSeconds', label: 'Duration', value: (p) => p.durationSeconds, render: (p) => orDash(p.durationSeconds, formatDuration) },
  { key: 'detail', label: 'Detail', value: (p) => p.detail ?? '' },
];

/** What could not be read from a report, if anything. */
export function JobProblems({ problems }: { problems: string[] }) {
  if (!problems.length) return null;
  return (
    <div class="problems" role="note">
      <strong>Could not be read from the report</strong>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

/** What a report said beyond the figures: the lines worth reading first, what could not be read, the objects one by one. */
export function JobDetail({ job }: { job: Job }) {
  return (
    <div class="job-detail">
      {job.keyLines.length > 0 && (
        <>
          <h3>Worth reading first</h3>
          <ul class="job-key-lines" aria-label="Key lines">
            {job.keyLines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        </>
      )}
      <JobProblems problems={job.problems} />
      {job.parts.length > 0 && (
        <>
          <h3>Objects ({job.parts.length})</h3>
          <Table id="job-parts" columns={partColumns} rows={job.parts} rowKey={(p) => p.name} />
        </>
      )}
    </div>
  );
}
