/** The check page's job panel for any format but Comet (which has its own): the job and its newest run, the schedule suggestion, the trends. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { StoredCheck } from './CheckEditorForm.js';
import { Suggestion } from './CheckScheduleSuggestion.js';
import { productOf } from './Formats.js';
import type { Job } from './Jobs.js';
import { CheckTrends } from './JobTrends.js';
import { CheckJobFacts, JobDetail } from './JobView.js';
import { ErrorNote } from './Page.js';

export function CheckJobPanel({ check, isAdmin, onChanged }: { check: StoredCheck; isAdmin: boolean; onChanged: (c: StoredCheck) => void }) {
  const job = check.job!;
  const product = job.product ?? productOf(job.format);
  const [detail, setDetail] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Job>('GET', `/jobs/${job.lastJob.id}`).then((j) => {
      setDetail(j);
      setError(null);
    }, setError);
  }, [job.lastJob.id]);

  return (
    <section class="panel job-panel" aria-labelledby="job-panel-title" data-format={job.format}>
      <h2 id="job-panel-title">{product} job</h2>
      {check.origin === job.format && <p class="muted job-origin">Created by {productOf(job.format)} auto-discovery from the first report of this job.</p>}
      <Suggestion check={check} isAdmin={isAdmin} onChanged={onChanged} />
      <div class="job-panel-body">
        <div>
          <h3>Newest job</h3>
          <CheckJobFacts job={job} />
        </div>
        <CheckTrends checkId={check.id} lastJobId={job.lastJob.id} />
      </div>
      <ErrorNote error={error} />
      {detail && <JobDetail job={detail} />}
    </section>
  );
}
