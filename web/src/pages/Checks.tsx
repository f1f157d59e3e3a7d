import { apiAll } from '../api.js';
import { CopyButton } from '../components/CheckEditorFields.js';
import type { StoredCheck } from '../components/CheckEditorForm.js';
import { scheduleSummary } from '../components/ChecksSchedule.js';
import { ErrorNote, Page } from '../components/Page.js';
import { Badge, StatusBadge } from '../components/Status.js';
import { type Column, Table } from '../components/Table.js';
import { formatTime } from '../format.js';
import { useLiveData } from '../live.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';

/** Worst first when sorted by status. */
const STATUS_ORDER: Record<string, number> = { failure: 0, overdue: 1, warning: 2, pending: 3, success: 4 };

const columns: Column<StoredCheck>[] = [
  { key: 'name', label: 'Name', render: (c) => <Link href={`/checks/${c.id}`}>{c.name}</Link> },
  { key: 'group', label: 'Group', value: (c) => c.group ?? '' },
  { key: 'labels', label: 'Labels', value: (c) => c.labels.join(', '), render: (c) => <span class="chips">{c.labels.map((l) => <span class="chip" key={l}>{l}</span>)}</span> },
  {
    key: 'status',
    label: 'Status',
    value: (c) => `${STATUS_ORDER[c.status] ?? 9} ${c.status}`,
    render: (c) => (
      <>
        <StatusBadge status={c.status} /> {c.paused && <Badge kind="muted">Paused</Badge>}
      </>
    ),
  },
  { key: 'schedule', label: 'Schedule', value: (c) => scheduleSummary(c.schedule) },
  {
    key: 'address',
    label: 'Address',
    render: (c) => (
      <span class="address-cell">
        <code>{c.address}</code> <CopyButton text={c.address} />
      </span>
    ),
  },
  { key: 'lastActivityAt', label: 'Last activity', value: (c) => c.lastActivityAt ?? '', render: (c) => formatTime(c.lastActivityAt) },
  { key: 'nextDueAt', label: 'Next due', value: (c) => c.nextDueAt ?? '', render: (c) => formatTime(c.nextDueAt) },
  { key: 'description', label: 'Description', hidden: true },
  { key: 'alias', label: 'Alias', hidden: true },
];

/** Every check in the shared table, with its address to copy and an "Add check" for administrators. */
export function Checks(_: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const { data: checks, error } = useLiveData(() => apiAll<StoredCheck>('/checks'));

  return (
    <Page title="Checks" actions={isAdmin && <Link href="/checks/new" class="button primary">Add check</Link>}>
      <ErrorNote error={error} />
      <Table
        id="checks"
        columns={columns}
        rows={checks ?? []}
        rowKey={(c) => c.id}
        loading={!checks}
        empty={isAdmin ? 'No checks yet: add one, or create one from an unmatched message.' : 'No checks yet.'}
      />
    </Page>
  );
}
