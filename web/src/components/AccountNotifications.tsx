import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { ErrorNote } from './Page.js';
import { enablePushHere, pushPossible } from './pushBrowser.js';

type Medium = 'email' | 'sms' | 'push' | 'pushbullet' | 'pushover';
const STATUSES = ['failure', 'warning', 'overdue', 'recovery'] as const;
const MEDIUM_LABELS: Record<Medium, string> = { email: 'Email', sms: 'SMS', push: 'Push (this browser)', pushbullet: 'Pushbullet', pushover: 'Pushover' };

interface Settings {
  statuses: string[];
  email: { enabled: boolean; address: string | null };
  sms: { enabled: boolean; phone: string | null; pendingPhone: string | null };
  push: { enabled: boolean; publicKey: string; subscriptions: { id: number; userAgent: string; createdAt: string; lastSuccessAt: string | null }[] };
  pushbullet: { enabled: boolean; token: string | null };
  pushover: { enabled: boolean; userKey: string | null };
  quietHours: { start: string; end: string; timezone: string; breakThrough: string[] } | null;
  available: Medium[];
}
interface TestResult {
  medium: Medium;
  ok: boolean;
  error: string | null;
  removed: boolean;
}

/** "Failure and Warning Notifications" for oneself: which statuses, on which media, and quiet hours. */
export function AccountNotifications() {
  const [s, setS] = useState<Settings | null>(null);
  const [draft, setDraft] = useState({ address: '', phone: '', token: '', userKey: '', code: '' });
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [tests, setTests] = useState<TestResult[]>([]);
  const load = () => void api<Settings>('GET', '/account/notifications').then((r) => (setS(r), setDraft((d) => ({ ...d, address: r.email.address ?? '' }))), setError);
  useEffect(load, []);
  if (!s) return <ErrorNote error={error} />;

  const save = async (patch: Record<string, unknown>, done?: string) => {
    try {
      setS(await api<Settings>('PATCH', '/account/notifications', patch));
      setError(null);
      setNote(done ?? 'Saved.');
    } catch (err) {
      setError(err);
      setNote(null);
    }
  };
  const run = (action: () => Promise<unknown>, done: string) => async () => {
    try {
      await action();
      setError(null);
      setNote(done);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const test = (medium: Medium) => async () => {
    try {
      const { results } = await api<{ results: TestResult[] }>('POST', '/account/notifications/test', { medium });
      setTests(results);
      setError(null);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const toggleStatus = (status: string) => save({ statuses: s.statuses.includes(status) ? s.statuses.filter((x) => x !== status) : [...s.statuses, status] });
  const unavailable = (m: Medium) => !s.available.includes(m) && <span class="hint"> (not set up for the organization yet)</span>;
  const enabled = (m: Medium) => (
    <label class="inline-check">
      <input type="checkbox" checked={s[m].enabled} onChange={(e) => save({ [m]: { enabled: (e.target as HTMLInputElement).checked } })} /> {MEDIUM_LABELS[m]}
      {unavailable(m)}
    </label>
  );
  const testButton = (m: Medium) => (
    <button type="button" class="link-button" onClick={test(m)}>
      Send me a test
    </button>
  );
  const q = s.quietHours;
  return (
    <form class="form notification-settings" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Notifications</legend>
        <p class="hint">Failures and warnings of the checks you may see reach you here, as each check allows.</p>
        <div class="input-row">
          Tell me about:
          {STATUSES.map((status) => (
            <label class="inline-check" key={status}>
              <input type="checkbox" checked={s.statuses.includes(status)} onChange={() => toggleStatus(status)} /> {status}
            </label>
          ))}
        </div>

        <div class="medium">
          {enabled('email')}
          <div class="input-row">
            <input type="email" aria-label="Email address" placeholder="you@example.com" value={draft.address} onInput={set('address')} />
            <button type="button" onClick={() => save({ email: { address: draft.address || null } })}>Save address</button>
            {testButton('email')}
          </div>
        </div>

        <div class="medium">
          {enabled('sms')}
          <p class="hint">{s.sms.phone ? `Confirmed: ${s.sms.phone}` : 'No number confirmed.'}</p>
          <div class="input-row">
            <input type="tel" aria-label="Phone number" placeholder="+14155550123" value={draft.phone} onInput={set('phone')} />
            <button type="button" onClick={() => save({ sms: { phone: draft.phone } }, 'A code was sent by SMS.')}>Send a code</button>
            {s.sms.phone && testButton('sms')}
          </div>
          {s.sms.pendingPhone && (
            <div class="input-row">
              <input inputMode="numeric" aria-label="Code" placeholder="6 digits" value={draft.code} onInput={set('code')} />
              <button type="button" onClick={run(() => api('POST', '/account/notifications/sms/confirm', { code: draft.code }), `${s.sms.pendingPhone} confirmed.`)}>
                Confirm {s.sms.pendingPhone}
              </button>
            </div>
          )}
        </div>

        <div class="medium">
          {enabled('push')}
          <div class="input-row">
            <button type="button" disabled={!pushPossible()} onClick={run(() => enablePushHere(s.push.publicKey), 'Push is on in this browser.')}>
              Enable push in this browser
            </button>
            {s.push.subscriptions.length > 0 && testButton('push')}
          </div>
          {!pushPossible() && <p class="hint">This browser cannot take push notifications here: it needs HTTPS (or localhost).</p>}
          <ul class="push-browsers">
            {s.push.subscriptions.map((b) => (
              <li key={b.id}>
                {b.userAgent || 'A browser'} <span class="muted">since {formatTime(b.createdAt)}</span>{' '}
                <button type="button" class="link-button" onClick={run(() => api('DELETE', `/account/push-subscriptions/${b.id}`), 'Browser removed.')}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </div>

        <div class="medium">
          {enabled('pushbullet')}
          <div class="input-row">
            <input type="password" aria-label="Pushbullet access token" placeholder={s.pushbullet.token ?? 'Access token'} value={draft.token} onInput={set('token')} />
            <button type="button" onClick={() => save({ pushbullet: { token: draft.token || null } })}>Save token</button>
            {s.pushbullet.token && testButton('pushbullet')}
          </div>
        </div>

        <div class="medium">
          {enabled('pushover')}
          <div class="input-row">
            <input aria-label="Pushover user key" placeholder={s.pushover.userKey ?? 'User key'} value={draft.userKey} onInput={set('userKey')} />
            <button type="button" onClick={() => save({ pushover: { userKey: draft.userKey || null } })}>Save key</button>
            {s.pushover.userKey && testButton('pushover')}
          </div>
        </div>

        <QuietHoursForm value={q} save={(quietHours) => save({ quietHours })} />
        <ErrorNote error={error} />
        {note && <p class="notice">{note}</p>}
        {tests.map((t, i) => (
          <p key={i} class={t.ok ? 'notice' : 'error'}>
            {MEDIUM_LABELS[t.medium]}: {t.ok ? 'sent.' : `failed: ${t.error}`} {t.removed && 'The browser was gone and is removed.'}
          </p>
        ))}
      </fieldset>
    </form>
  );
}

function QuietHoursForm({ value, save }: { value: Settings['quietHours']; save: (q: Settings['quietHours']) => void }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [q, setQ] = useState(value ?? { start: '22:00', end: '07:00', timezone: zone, breakThrough: ['failure'] });
  const on = value !== null;
  return (
    <div class="medium">
      <label class="inline-check">
        <input type="checkbox" checked={on} onChange={(e) => save((e.target as HTMLInputElement).checked ? q : null)} /> Quiet hours
      </label>
      <span class="hint"> Alerts wait until they end; the statuses you tick below still come through.</span>
      <div class="input-row">
        From <input type="time" aria-label="Quiet from" value={q.start} onInput={(e) => setQ({ ...q, start: (e.target as HTMLInputElement).value })} />
        to <input type="time" aria-label="Quiet until" value={q.end} onInput={(e) => setQ({ ...q, end: (e.target as HTMLInputElement).value })} />
        <input aria-label="Time zone" value={q.timezone} onInput={(e) => setQ({ ...q, timezone: (e.target as HTMLInputElement).value })} />
        {(['failure', 'overdue', 'warning'] as const).map((status) => (
          <label class="inline-check" key={status}>
            <input
              type="checkbox"
              checked={q.breakThrough.includes(status)}
              onChange={() => setQ({ ...q, breakThrough: q.breakThrough.includes(status) ? q.breakThrough.filter((x) => x !== status) : [...q.breakThrough, status] })}
            />{' '}
            {status} breaks through
          </label>
        ))}
        <button type="button" onClick={() => save(q)}>
          Save quiet hours
        </button>
      </div>
    </div>
  );
}
