import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { ErrorNote } from './Page.js';

/** How GET /channels/{id} shows the account of a channel that signs in. */
export interface Connection {
  state: 'not-connected' | 'connected' | 'reconnect-needed';
  account?: string | null;
  reason?: string;
}

interface Started {
  userCode: string;
  verificationUri: string;
  expiresAt: string;
  interval: number;
  message: string;
}

type PollState = { state: 'pending' | 'declined' | 'expired' } | { state: 'connected'; account?: string };

const ENDED: Record<string, string> = { declined: 'The sign-in was declined.', expired: 'The code ran out before anyone signed in with it. Start again.' };

/**
 * The account a channel signs in with: connect it with a code entered at the vendor's
 * page (POST, then GET every `interval` seconds until it ends), reconnect, or disconnect.
 */
export function ChannelConnection({ channelId, connection, isAdmin, onChange }: { channelId: number; connection: Connection; isAdmin: boolean; onChange: () => void }) {
  const [started, setStarted] = useState<Started | null>(null);
  const [ended, setEnded] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!started) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const polled = await api<PollState>('GET', `/channels/${channelId}/connect`);
        if (stopped) return;
        if (polled.state === 'pending') {
          timer = setTimeout(tick, started.interval * 1000);
          return;
        }
        setStarted(null);
        if (polled.state === 'connected') onChange();
        else setEnded(ENDED[polled.state]!);
      } catch (e) {
        if (!stopped) (setStarted(null), setError(e));
      }
    };
    timer = setTimeout(tick, started.interval * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [started, channelId]);

  const start = async () => {
    setBusy(true);
    setError(null);
    setEnded('');
    try {
      setStarted(await api<Started>('POST', `/channels/${channelId}/connect`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    if (!confirm('Disconnect the account? Deliveries through this channel fail until someone connects one again.')) return;
    setBusy(true);
    try {
      await api('DELETE', `/channels/${channelId}/connect`);
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const { state, account, reason } = connection;
  return (
    <section class="channel-section panel channel-connection" aria-label="Account">
      <h2>Account</h2>
      {state === 'connected' && <p data-connection="connected">Connected as <strong>{account ?? 'an account without a name'}</strong>.</p>}
      {state === 'reconnect-needed' && (
        <p class="failed-banner" data-connection="reconnect-needed">
          Reconnect needed: {reason}
        </p>
      )}
      {state === 'not-connected' && <p data-connection="not-connected">Not connected: nothing is sent through this channel until an account is connected.</p>}
      <ErrorNote error={error} />
      {ended && <p class="error">{ended}</p>}
      {started ? (
        <div class="connect-code" role="status">
          <p>
            Open{' '}
            {/^https:\/\//.test(started.verificationUri) ? (
              <a href={started.verificationUri} target="_blank" rel="noopener noreferrer">
                {started.verificationUri}
              </a>
            ) : (
              started.verificationUri
            )}{' '}
            and enter the code:
          </p>
          <p class="connect-user-code">
            <code>{started.userCode}</code>{' '}
            <button type="button" onClick={() => navigator.clipboard.writeText(started.userCode)}>
              Copy
            </button>
          </p>
          <p class="muted">
            Waiting for the sign-in (the code works until {formatTime(started.expiresAt)}). {started.message}
          </p>
          <button type="button" onClick={() => setStarted(null)}>
            Cancel
          </button>
        </div>
      ) : (
        isAdmin && (
          <p class="form-actions">
            <button type="button" class={state === 'connected' ? '' : 'primary'} onClick={start} disabled={busy}>
              {state === 'not-connected' ? 'Connect account' : 'Reconnect'}
            </button>
            {state !== 'not-connected' && (
              <button type="button" class="danger" onClick={disconnect} disabled={busy}>
                Disconnect
              </button>
            )}
          </p>
        )
      )}
    </section>
  );
}
