import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { DeliveryList } from '../components/DeliveryList.js';
import { DELIVERY_STATES } from '../components/DeliveryState.js';
import { Page } from '../components/Page.js';
import { navigate, useLocation } from '../router.js';

const LABELS: Record<string, string> = { '': 'All', failed: 'Failed', pending: 'Pending', sending: 'Sending', delivered: 'Delivered', cancelled: 'Cancelled' };

/** Every alert sent (or being sent) to every channel; failed ones first in mind, each with its attempts. */
export function Deliveries(_: { params: Record<string, string> }) {
  const { query } = useLocation();
  const state = DELIVERY_STATES.includes(query.get('state') as never) ? query.get('state')! : '';
  const [failed, setFailed] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(query.get('delivery') ? Number(query.get('delivery')) : null);

  const url = (s: string, delivery: number | null) => {
    const q = new URLSearchParams();
    if (s) q.set('state', s);
    if (delivery !== null) q.set('delivery', String(delivery));
    const s2 = q.toString();
    return s2 ? `/deliveries?${s2}` : '/deliveries';
  };
  const select = (id: number | null) => {
    setSelected(id);
    history.replaceState(null, '', url(state, id));
  };

  // How many were given up, whatever the filter: the number that needs someone. Counted again whenever the list loads.
  const countFailed = () =>
    void api<{ items: unknown[]; nextCursor: string | null }>('GET', '/deliveries?state=failed&limit=500')
      .then((p) => setFailed(p.nextCursor ? 500 : p.items.length))
      .catch(() => {});

  const filter = useMemo((): Record<string, string> => (state ? { state } : {}), [state]);
  const counted = (s: string) => (s === 'failed' && failed !== null ? `${LABELS[s]} (${failed >= 500 ? '500+' : failed})` : LABELS[s]);

  return (
    <Page title="Deliveries">
      <p class="muted intro">
        Every alert, recovery and ticket step becomes one delivery per channel, and one per user and medium for personal notifications (a viewer sees only their own). A delivery that cannot be sent is tried again with growing pauses until its window runs out; a refusal
        that waiting cannot fix (a deleted webhook, a bad token) fails at once. Failed deliveries wait for someone to retry them.
      </p>
      {failed !== null && failed > 0 && state !== 'failed' && (
        <p class="failed-banner" role="alert">
          <span aria-hidden="true">✕</span> {failed >= 500 ? '500 or more deliveries' : failed === 1 ? '1 delivery' : `${failed} deliveries`} failed and will not be tried again by
          themselves.{' '}
          <button type="button" class="link" onClick={() => navigate(url('failed', null))}>
            Show the failed ones
          </button>
        </p>
      )}
      <div class="state-filter" role="group" aria-label="Delivery state">
        {['', ...DELIVERY_STATES].map((s) => (
          <button
            key={s}
            type="button"
            class={`${s === 'failed' ? 'state-failed' : ''}${failed && s === 'failed' ? ' has-failed' : ''}`}
            aria-pressed={state === s}
            onClick={() => {
              setSelected(null);
              navigate(url(s, null));
            }}
          >
            {counted(s)}
          </button>
        ))}
      </div>
      <DeliveryList
        id="deliveries"
        filter={filter}
        selected={selected}
        onSelect={select}
        onLoaded={countFailed}
        empty={state === 'failed' ? 'No failed deliveries: everything was delivered or is still being tried.' : state ? `No ${LABELS[state]!.toLowerCase()} deliveries.` : 'Nothing sent yet: deliveries appear when a check with channels alerts.'}
      />
    </Page>
  );
}
