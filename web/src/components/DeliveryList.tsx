import { useEffect, useState } from 'preact/hooks';
import { api, apiAll } from '../api.js';
import { formatTime } from '../format.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { typeLabel } from './ChannelTypes.js';
import { DeliveryAttempts } from './DeliveryAttempts.js';
import { canRetry, type Delivery, DeliveryState, eventText } from './DeliveryState.js';
import { ErrorNote } from './Page.js';
import { type Column, Table } from './Table.js';

export interface ChannelInfo {
  id: number;
  name: string;
  type: string;
}

/** The newest deliveries shown at most; the filters narrow the rest. */
const CAP = 2000;

async function newestDeliveries(query: URLSearchParams): Promise<Delivery[]> {
  const out: Delivery[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams(query);
    q.set('limit', '500');
    if (cursor) q.set('cursor', cursor);
    const page: { items: Delivery[]; nextCursor: string | null } = await api('GET', `/deliveries?${q}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < CAP);
  return out;
}

/** Reloads every few seconds while the page is open: deliveries change without a live event. */
export function usePolling(load: () => void, ms: number, deps: unknown[]) {
  useEffect(() => {
    load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, ms);
    return () => clearInterval(timer);
  }, deps);
}

interface Props {
  /** Names the table (column memory, export files). */
  id: string;
  /** The API's filters: state, channelId, checkId. */
  filter: Record<string, string>;
  /** Show the channel column (not on a channel's own page). */
  showChannel?: boolean;
  selected: number | null;
  onSelect: (id: number | null) => void;
  /** Told the rows after every load (counts for the page). */
  onLoaded?: (rows: Delivery[]) => void;
  empty?: string;
}

const MEDIA = { email: 'Email', sms: 'SMS', push: 'Push', pushbullet: 'Pushbullet', pushover: 'Pushover' } as const;

/**
 * Deliveries in the shared table, newest first, with Retry on failed and
 * cancelled ones (administrators) and, for the selected one, every attempt.
 */
export function DeliveryList({ id, filter, showChannel = true, selected, onSelect, onLoaded, empty }: Props) {
  const { isAdmin } = useSession();
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const [channels, setChannels] = useState<Map<number, ChannelInfo>>(new Map());
  const [checks, setChecks] = useState<Map<number, string>>(new Map());
  const [users, setUsers] = useState<Map<number, string>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [retrying, setRetrying] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState('');
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(filter);

  const load = async () => {
    try {
      const list = await newestDeliveries(new URLSearchParams(filter));
      setRows(list);
      onLoaded?.(list);
      setError(null);
      setTick((t) => t + 1);
    } catch (e) {
      setError(e);
    }
  };
  usePolling(() => void load(), 5000, [key]);

  useEffect(() => {
    void (async () => {
      try {
        const [chs, cks] = await Promise.all([api<{ items: ChannelInfo[] }>('GET', '/channels'), apiAll<{ id: number; name: string }>('/checks')]);
        setChannels(new Map(chs.items.map((c) => [c.id, c])));
        setChecks(new Map(cks.map((c) => [c.id, c.name])));
        // Administrators see whose personal notifications these are; a viewer's are their own.
        const people = isAdmin ? (await api<{ items: { id: number; username: string }[] }>('GET', '/users')).items : [];
        setUsers(new Map(people.map((u) => [u.id, u.username])));
      } catch (e) {
        setError(e);
      }
    })();
  }, []);

  const retry = async (d: Delivery) => {
    setRetrying(new Set([...retrying, d.id]));
    try {
      await api('POST', `/deliveries/${d.id}/retry`);
      setNotice(`Delivery ${d.id} will be tried again now.`);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setRetrying((r) => new Set([...r].filter((x) => x !== d.id)));
    }
  };

  const channelName = (d: Delivery) =>
    d.channelId === null ? `${MEDIA[d.medium ?? 'email']} to ${users.get(d.userId ?? 0) ?? (isAdmin ? `user ${d.userId}` : 'you')}` : (channels.get(d.channelId)?.name ?? `Channel ${d.channelId}`);
  const checkName = (d: Delivery) => (d.checkId === null ? '' : (checks.get(d.checkId) ?? `Check ${d.checkId}`));

  const columns: Column<Delivery>[] = [
    { key: 'createdAt', label: 'Created', value: (d) => d.createdAt, render: (d) => formatTime(d.createdAt) },
    ...(showChannel
      ? [
          {
            key: 'channel',
            label: 'Channel',
            value: (d: Delivery) => channelName(d),
            render: (d: Delivery) =>
              d.channelId === null ? (
                <span class="personal-delivery">{channelName(d)}</span>
              ) : (
                <Link href={`/channels/${d.channelId}`} onClick={(e) => e.stopPropagation()}>
                  {channelName(d)}
                </Link>
              ),
          },
          { key: 'channelType', label: 'Type', value: (d: Delivery) => (d.channelId === null ? 'Personal notification' : typeLabel(channels.get(d.channelId)?.type ?? '')), hidden: true },
        ]
      : []),
    {
      key: 'check',
      label: 'Check',
      value: checkName,
      render: (d) =>
        d.checkId === null ? (
          ''
        ) : (
          <Link href={`/checks/${d.checkId}`} onClick={(e) => e.stopPropagation()}>
            {checkName(d)}
          </Link>
        ),
    },
    { key: 'event', label: 'Event', value: eventText },
    { key: 'state', label: 'State', value: (d) => d.state, render: (d) => <DeliveryState state={d.state} /> },
    { key: 'attemptCount', label: 'Attempts', value: (d) => d.attemptCount },
    { key: 'lastError', label: 'Last error', value: (d) => d.lastError ?? '', render: (d) => <span class="delivery-error">{d.lastError ?? ''}</span> },
    {
      key: 'when',
      label: 'Delivered / next try',
      value: (d) => d.deliveredAt ?? d.nextAttemptAt ?? '',
      render: (d) => (d.deliveredAt ? formatTime(d.deliveredAt) : d.state === 'pending' && d.nextAttemptAt ? `next try ${formatTime(d.nextAttemptAt)}` : ''),
    },
    { key: 'giveUpAt', label: 'Gives up at', value: (d) => d.giveUpAt, render: (d) => formatTime(d.giveUpAt), hidden: true },
    { key: 'id', label: 'ID', value: (d) => d.id, hidden: true },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => '',
      render: (d) => (
        <span class="row-actions">
          <button
            type="button"
            aria-expanded={selected === d.id}
            aria-label={`Attempts of delivery ${d.id}`}
            onClick={(e) => {
              e.stopPropagation();
              onSelect(selected === d.id ? null : d.id);
            }}
          >
            Attempts
          </button>
          {isAdmin && canRetry(d) && (
            <button
              type="button"
              class="primary"
              disabled={retrying.has(d.id)}
              aria-label={`Retry delivery ${d.id}`}
              onClick={(e) => {
                e.stopPropagation();
                void retry(d);
              }}
            >
              Retry
            </button>
          )}
        </span>
      ),
    },
  ];

  const current = rows?.find((d) => d.id === selected) ?? null;
  return (
    <div class="delivery-list">
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      <Table
        id={id}
        columns={columns}
        rows={rows ?? []}
        rowKey={(d) => d.id}
        loading={!rows}
        onRowClick={(d) => onSelect(selected === d.id ? null : d.id)}
        empty={empty ?? 'No deliveries.'}
      />
      {selected !== null && (
        <DeliveryAttempts
          id={selected}
          tick={tick}
          channel={current ? channelName(current) : undefined}
          onClose={() => onSelect(null)}
          onRetry={isAdmin && current && canRetry(current) ? () => void retry(current) : undefined}
        />
      )}
    </div>
  );
}

