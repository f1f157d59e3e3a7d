import { useEffect, useState } from 'preact/hooks';
import { apiAll } from '../api.js';
import { formatTime } from '../format.js';
import { Link } from '../router.js';
import type { Kept } from './ChannelFieldKinds.js';
import { ErrorNote } from './Page.js';
import { type Column, Table } from './Table.js';

interface Ticket {
  id: number;
  checkId: number;
  externalId: string;
  url: string | null;
  state: 'open' | 'closed';
  closedBy: 'backwatch' | 'vendor' | 'left-open' | null;
  notes: number;
  openedAt: string;
  closedAt: string | null;
}

const CLOSED_BY: Record<string, string> = { backwatch: 'backwatch (recovery)', vendor: 'a person, in the system', 'left-open': 'left open (incident over)' };

/** The tickets a ticketing system got from backwatch, or the threads a Slack app started (GET /tickets?channelId=). */
export function ChannelTickets({ channelId, kept }: { channelId: number; kept: Kept }) {
  const [rows, setRows] = useState<Ticket[] | null>(null);
  const [checks, setChecks] = useState<Map<number, string>>(new Map());
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void Promise.all([apiAll<Ticket>(`/tickets?channelId=${channelId}`), apiAll<{ id: number; name: string }>('/checks')])
      .then(([tickets, cks]) => {
        setRows(tickets);
        setChecks(new Map(cks.map((c) => [c.id, c.name])));
      })
      .catch(setError);
  }, [channelId]);
  const columns: Column<Ticket>[] = [
    {
      key: 'externalId',
      label: kept.item,
      render: (t) =>
        t.url ? (
          <a href={t.url} target="_blank" rel="noopener noreferrer">
            {t.externalId}
          </a>
        ) : (
          t.externalId
        ),
    },
    { key: 'check', label: 'Check', value: (t) => checks.get(t.checkId) ?? `Check ${t.checkId}`, render: (t) => <Link href={`/checks/${t.checkId}`}>{checks.get(t.checkId) ?? `Check ${t.checkId}`}</Link> },
    { key: 'state', label: 'State', value: (t) => t.state, render: (t) => <span class={`badge badge-ticket-${t.state}`}>{t.state === 'open' ? 'Open' : 'Closed'}</span> },
    { key: 'closedBy', label: 'Closed by', value: (t) => (t.closedBy ? CLOSED_BY[t.closedBy] : '') },
    { key: 'notes', label: kept.notes, value: (t) => t.notes },
    { key: 'openedAt', label: 'Opened', value: (t) => t.openedAt, render: (t) => formatTime(t.openedAt) },
    { key: 'closedAt', label: 'Closed', value: (t) => t.closedAt ?? '', render: (t) => formatTime(t.closedAt) },
  ];
  return (
    <section class="channel-section">
      <h2>{kept.title}</h2>
      <ErrorNote error={error} />
      <Table id="channel-tickets" columns={columns} rows={rows ?? []} rowKey={(t) => t.id} loading={!rows} empty={`No ${kept.title.toLowerCase()} opened yet.`} />
    </section>
  );
}

