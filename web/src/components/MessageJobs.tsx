/** The jobs one report told of (GET /jobs?messageId=…), whichever format read it: one per guest of a Proxmox run, one for most. */
import { useEffect, useState } from 'preact/hooks';
import { apiAll } from '../api.js';
import { Link } from '../router.js';
import type { Job } from './Jobs.js';
import { ErrorNote } from './Page.js';
import { StatusBadge } from './Status.js';
import { type Column, Table } from './Table.js';

const columns: Column<Job>[] = [
  { key: 'product', label: 'Product', value: (j) => j.product ?? j.format },
  { key: 'tenant', label: 'Tenant', value: (j) => j.tenant ?? '' },
  { key: 'device', label: 'Device', value: (j) => j.device ?? '' },
  { key: 'item', label: 'Item', value: (j) => j.item ?? '' },
  { key: 'type', label: 'Type', value: (j) => j.type ?? '' },
  {
    key: 'status',
    label: 'Status',
    value: (j) => j.jobStatus ?? '',
    render: (j) => (
      <span class="job-status-cell">
        {j.jobStatus && <StatusBadge status={j.jobStatus} />} {j.statusText && <span class="muted">{j.statusText}</span>}
      </span>
    ),
  },
  { key: 'problems', label: 'Problems', value: (j) => j.problems.join('; ') },
  {
    key: 'checks',
    label: 'Checks',
    sortable: false,
    value: (j) => j.checkIds.join(' '),
    render: (j) =>
      j.checkIds.map((id) => (
        <Link key={id} href={`/checks/${id}`}>
          Check {id}
        </Link>
      )),
  },
];

export function MessageJobs({ messageId }: { messageId: number }) {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setJobs(null);
    apiAll<Job>(`/jobs?messageId=${messageId}`).then((items) => setJobs(items.sort((a, b) => a.id - b.id)), setError);
  }, [messageId]);
  if (!error && !jobs?.length) return null;
  return (
    <section class="panel message-jobs" aria-labelledby="message-jobs-title">
      <h2 id="message-jobs-title">Jobs in this report</h2>
      <ErrorNote error={error} />
      {jobs && <Table id="message-jobs" columns={columns} rows={jobs} rowKey={(j) => j.id} />}
    </section>
  );
}
