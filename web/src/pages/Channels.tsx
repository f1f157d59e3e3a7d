import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { isTicketingType, keySetting, typeLabel } from '../components/ChannelTypes.js';
import { usePolling } from '../components/DeliveryList.js';
import { type Delivery, DeliveryState } from '../components/DeliveryState.js';
import { ErrorNote, Page } from '../components/Page.js';
import { type Column, Table } from '../components/Table.js';
import { formatTime } from '../format.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import type { Connection } from '../components/ChannelConnection.js';

export interface Channel {
  id: number;
  type: string;
  name: string;
  config: Record<string, unknown>;
  secretFields: string[];
  /** Channels that sign in to an account. */
  connection?: Connection;
  createdAt: string;
  updatedAt: string;
}

type Row = Channel & { last: Delivery | null };

/** Notification channels and ticketing systems, each with how its newest delivery went. */
export function Channels(_: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async () => {
    try {
      const { items } = await api<{ items: Channel[] }>('GET', '/channels');
      const last = await Promise.all(items.map((c) => api<{ items: Delivery[] }>('GET', `/deliveries?channelId=${c.id}&limit=1`).then((p) => p.items[0] ?? null)));
      setRows(items.map((c, i) => ({ ...c, last: last[i]! })));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  usePolling(() => void load(), 15_000, []);

  const columns: Column<Row>[] = [
    {
      key: 'name',
      label: 'Name',
      render: (c) => (
        <Link href={`/channels/${c.id}`} onClick={(e) => e.stopPropagation()}>
          {c.name}
        </Link>
      ),
    },
    { key: 'type', label: 'Type', value: (c) => typeLabel(c.type) },
    { key: 'kind', label: 'Kind', value: (c) => (isTicketingType(c.type) ? 'Ticketing system' : 'Notification') },
    { key: 'setting', label: 'Key setting', value: (c) => keySetting(c.type, c.config), render: (c) => <code class="setting">{keySetting(c.type, c.config)}</code> },
    {
      key: 'last',
      label: 'Last delivery',
      value: (c) => c.last?.state ?? '',
      render: (c) =>
        c.last ? (
          <span class="last-delivery">
            <DeliveryState state={c.last.state} /> <span class="muted">{formatTime(c.last.createdAt)}</span>
          </span>
        ) : (
          <span class="muted">none yet</span>
        ),
    },
    { key: 'lastError', label: 'Last error', value: (c) => (c.last?.state === 'failed' ? (c.last.lastError ?? '') : ''), hidden: true },
    { key: 'updatedAt', label: 'Changed', value: (c) => c.updatedAt, render: (c) => formatTime(c.updatedAt), hidden: true },
  ];

  return (
    <Page
      title="Channels and ticketing"
      actions={
        isAdmin && (
          <Link href="/channels/new" class="button primary">
            Add channel
          </Link>
        )
      }
    >
      <p class="muted intro">
        Where alerts go: chat, push, email and webhooks, and the ticketing systems that get a ticket per incident. Attach them to checks or groups; failed deliveries are on the{' '}
        <Link href="/deliveries?state=failed">Deliveries</Link> page.
      </p>
      <ErrorNote error={error} />
      <Table
        id="channels"
        columns={columns}
        rows={rows ?? []}
        rowKey={(c) => c.id}
        loading={!rows}
        onRowClick={(c) => navigate(`/channels/${c.id}`)}
        empty={isAdmin ? 'No channels yet. Add one to be told when a backup fails.' : 'No channels yet.'}
      />
    </Page>
  );
}
