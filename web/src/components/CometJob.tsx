/** A Comet job's fields as people read them (check page, message viewer). */
import { formatCount, formatDuration, formatSize, formatTime } from '../format.js';
import { type CometJob, type JobFigures, outdatedText } from './Comet.js';
import { type Fact, FactList, orDash } from './Facts.js';
import { JobProblems } from './JobView.js';
import { Badge } from './Status.js';

export interface JobFactsProps {
  username: string | null;
  device: string | null;
  protectedItem: string | null;
  vault: string | null;
  clientVersion: string | null;
  /** Known on a check: its device runs an older client than the newest seen. */
  outdated?: { newestClientVersion: string | null };
  job: JobFigures & Partial<Pick<CometJob, 'statusText' | 'directories' | 'downloaded'>>;
}

export function JobFacts({ username, device, protectedItem, vault, clientVersion, outdated, job }: JobFactsProps) {
  const rows: Fact[] = [
    ['Username', username ?? '–'],
    [
      'Device',
      <>
        {device ?? '–'}{' '}
        {outdated && (
          <Badge kind="outdated" title={outdatedText({ clientVersion, newestClientVersion: outdated.newestClientVersion })}>
            Outdated
          </Badge>
        )}
      </>,
    ],
    ['Protected item', protectedItem ?? '–'],
    ['Storage vault', vault ?? '–'],
    ['Client version', outdated ? `${clientVersion ?? '–'} (newest seen: ${outdated.newestClientVersion ?? '–'})` : (clientVersion ?? '–')],
    ['Job', `${job.type ?? 'Unknown type'}: ${job.statusText ?? job.cometStatus ?? 'no status'}`],
    ['Started', orDash(job.startedAt, formatTime)],
    ['Duration', orDash(job.durationSeconds, formatDuration)],
    ['Total size', orDash(job.totalSize, formatSize)],
    ['Files', orDash(job.files, formatCount)],
    ...(job.directories !== undefined ? ([['Directories', orDash(job.directories, formatCount)]] as Fact[]) : []),
    ['Uploaded', orDash(job.uploaded, formatSize)],
    ...(job.downloaded !== undefined ? ([['Downloaded', orDash(job.downloaded, formatSize)]] as Fact[]) : []),
  ];
  return <FactList rows={rows} />;
}

/** The whole job of a report: its fields, what could not be read, and its log. */
export function CometJobView({ job }: { job: CometJob }) {
  return (
    <section class="panel comet-job" aria-labelledby="comet-job-title">
      <h2 id="comet-job-title">Comet job</h2>
      <p class="muted">
        Read from {job.source === 'email+webhook' ? 'this report and a webhook event (one job)' : job.source === 'webhook' ? 'a webhook event' : 'this report'}
        {!job.namesKnown && '; the device and item names are not known yet'}.
      </p>
      <JobFacts username={job.username} device={job.device} protectedItem={job.protectedItem} vault={job.vault} clientVersion={job.clientVersion} job={job} />
      <JobProblems problems={job.problems} />
      {job.log && job.log.length > 0 && (
        <>
          <h3>Job log</h3>
          <ol class="job-log">
            {job.log.map((l, i) => (
              <li key={i}>
                {l.at && <time dateTime={l.at}>{formatTime(l.at)}</time>} {l.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
