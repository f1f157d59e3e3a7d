import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { type Column, Table } from '../components/Table.js';
import { Link, navigate } from '../router.js';

export interface Group {
  id: number;
  name: string;
  checkCount: number;
  ticketFields: Record<string, string>;
  notifications: { channelIds: number[] };
}

/** Check groups (created when a check first names one): what their checks inherit. */
export function Groups(_: { params: Record<string, string> }) {
  const [rows, setRows] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: Group[] }>('GET', '/groups').then((r) => setRows(r.items), setError);
  }, []);

  const columns: Column<Group>[] = [
    {
      key: 'name',
      label: 'Name',
      render: (g) => (
        <Link href={`/groups/${g.id}`} onClick={(e) => e.stopPropagation()}>
          {g.name}
        </Link>
      ),
    },
    { key: 'checkCount', label: 'Checks' },
    { key: 'ticketFields', label: 'Ticket fields', value: (g) => Object.keys(g.ticketFields).join(', ') },
    { key: 'channels', label: 'Channels', value: (g) => g.notifications.channelIds.length },
  ];
  return (
    <Page title="Groups">
      <p class="muted intro">
        A group is created when a check first names it. Its checks inherit its channels and ticket fields (a check's own win). Checks are filed on the <Link href="/checks">Checks</Link> page.
      </p>
      <ErrorNote error={error} />
      <Table id="groups" columns={columns} rows={rows ?? []} rowKey={(g) => g.id} loading={!rows && !error} onRowClick={(g) => navigate(`/groups/${g.id}`)} empty="No groups yet: name one in a check." />
    </Page>
  );
}
