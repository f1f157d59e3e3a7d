import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { Link } from '../router.js';
import { type Attempt, type Delivery, DeliveryState, eventText } from './DeliveryState.js';
import { ErrorNote } from './Page.js';
import { type Column, Table } from './Table.js';

type AttemptRow = Attempt & { n: number };

/** One delivery and every attempt to send it: time, duration, HTTP status, error, the start of the answer. */
export function DeliveryAttempts({ id, tick, channel, onClose, onRetry }: { id: number; tick: number; channel?: string; onClose: () => void; onRetry?: () => void }) {
  const [delivery, setDelivery] = useState<(Delivery & { attempts: Attempt[] }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    void api<Delivery & { attempts: Attempt[] }>('GET', `/deliveries/${id}`)
      .then((d) => {
        setDelivery(d);
        setError(null);
      })
      .catch(setError);
  }, [id, tick]);
  useEffect(() => panel.current?.scrollIntoView({ block: 'nearest' }), [id]);

  const rows: AttemptRow[] = (delivery?.attempts ?? []).map((a, i) => ({ ...a, n: i + 1 }));
  const columns: Column<AttemptRow>[] = [
    { key: 'n', label: '#', value: (a) => a.n },
    { key: 'at', label: 'Time', value: (a) => a.at, render: (a) => formatTime(a.at) },
    { key: 'durationMs', label: 'Duration', value: (a) => a.durationMs, render: (a) => `${a.durationMs} ms` },
    { key: 'ok', label: 'Outcome', value: (a) => (a.ok ? 'ok' : 'failed'), render: (a) => <DeliveryState state={a.ok ? 'delivered' : 'failed'} /> },
    { key: 'httpStatus', label: 'HTTP status', value: (a) => a.httpStatus ?? '' },
    { key: 'error', label: 'Error', value: (a) => a.error ?? '' },
    { key: 'response', label: 'Response', value: (a) => a.response ?? '', render: (a) => (a.response ? <pre class="excerpt">{a.response}</pre> : '') },
  ];
  return (
    <section class="panel delivery-detail" ref={panel} aria-label={`Delivery ${id}`}>
      <header class="detail-header">
        <h2>
          Delivery {id}
          {channel ? ` to ${channel}` : ''}
        </h2>
        {delivery && <DeliveryState state={delivery.state} />}
        <span class="spacer" />
        {onRetry && (
          <button type="button" class="primary" onClick={onRetry}>
            Retry
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <ErrorNote error={error} />
      {delivery && (
        <dl class="facts">
          <dt>Event</dt>
          <dd>{eventText(delivery)}</dd>
          <dt>Created</dt>
          <dd>{formatTime(delivery.createdAt)}</dd>
          {delivery.deliveredAt && (
            <>
              <dt>Delivered</dt>
              <dd>{formatTime(delivery.deliveredAt)}</dd>
            </>
          )}
          {delivery.state === 'pending' && delivery.nextAttemptAt && (
            <>
              <dt>Next try</dt>
              <dd>{formatTime(delivery.nextAttemptAt)}</dd>
            </>
          )}
          <dt>Retried until</dt>
          <dd>{formatTime(delivery.giveUpAt)}</dd>
          {delivery.activityId !== null && delivery.checkId !== null && (
            <>
              <dt>Activity</dt>
              <dd>
                <Link href={`/activity?checkId=${delivery.checkId}`}>the check's activities</Link>
              </dd>
            </>
          )}
        </dl>
      )}
      <Table id="delivery-attempts" columns={columns} rows={rows} rowKey={(a) => a.n} loading={!delivery} empty="Not tried yet." />
    </section>
  );
}
