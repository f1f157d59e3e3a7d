import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { CometSettingsTab } from '../components/SettingsComet.js';
import { FormatsSettingsTab } from '../components/SettingsFormats.js';
import { PersonalSettingsTab } from '../components/SettingsPersonal.js';
import { navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';

interface Organization {
  timezone: string;
  sessionTimeoutMinutes: number;
  retentionDays: number | null;
  inbox: string;
}

interface Defaults {
  alertOn: ('failure' | 'warning' | 'overdue')[];
  notifyOnRestore: boolean;
  repeat: 'every' | 'first' | 'interval';
  repeatHours: number;
  graceMinutes: number;
  afterConsecutive: number;
  notifyOutsideWindow: boolean;
}

const PROBLEMS = [
  ['failure', 'Failure'],
  ['warning', 'Warning'],
  ['overdue', 'Overdue'],
] as const;

/** Every IANA zone the browser knows, with UTC (which some browsers leave out of the list). */
function zones(current: string): string[] {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...list])].filter(Boolean).sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

const messageOf = (e: unknown) => (e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e));

function OrganizationForm({ readOnly }: { readOnly: boolean }) {
  const [saved, setSaved] = useState<Organization | null>(null);
  const [form, setForm] = useState({ timezone: '', sessionTimeoutMinutes: '', retentionDays: '' });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const show = (s: Organization) => {
    setSaved(s);
    setForm({ timezone: s.timezone, sessionTimeoutMinutes: String(s.sessionTimeoutMinutes), retentionDays: s.retentionDays === null ? '' : String(s.retentionDays) });
  };
  useEffect(() => void api<Organization>('GET', '/settings').then(show).catch(setError), []);
  const options = useMemo(() => zones(form.timezone), [saved]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setNotice('');
    const timeout = Number(form.sessionTimeoutMinutes);
    const retention = form.retentionDays.trim() === '' ? null : Number(form.retentionDays);
    if (!Number.isInteger(timeout) || timeout < 5 || timeout > 1440) return setError(new Error('The session timeout is 5 to 1440 minutes.'));
    if (retention !== null && (!Number.isInteger(retention) || retention < 1 || retention > 3650)) return setError(new Error('Keep messages 1 to 3650 days, or leave it empty to keep them all.'));
    setBusy(true);
    try {
      show(await api<Organization>('PATCH', '/settings', { timezone: form.timezone, sessionTimeoutMinutes: timeout, retentionDays: retention }));
      setError(null);
      setNotice('Organization settings saved.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!saved) return;
    try {
      await navigator.clipboard.writeText(saved.inbox);
      setNotice('Inbox address copied.');
    } catch (err) {
      setError(new Error(`Could not copy: ${messageOf(err)}`));
    }
  };

  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  return (
    <form class="form settings-form panel" onSubmit={submit} noValidate aria-labelledby="org-heading">
      <h2 id="org-heading">Organization</h2>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      {saved && (
        <>
          <div class="field">
            <label for="inbox">Inbox address</label>
            <div class="input-row">
              <input id="inbox" type="text" readOnly value={saved.inbox} class="code" aria-describedby="inbox-hint" />
              <button type="button" onClick={copy}>
                Copy
              </button>
            </div>
            <div class="hint" id="inbox-hint">
              Backup reports go here, or to a check's own address (<code>{saved.inbox.replace('@', '+alias@')}</code>). Set by BACKWATCH_INBOX.
            </div>
          </div>
          <fieldset class="plain" disabled={readOnly}>
            <div class="field">
              <label for="timezone">Time zone</label>
              <select id="timezone" value={form.timezone} onChange={set('timezone')} aria-describedby="timezone-hint">
                {options.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
              <div class="hint" id="timezone-hint">
                Schedules that name no zone follow its calendar, and alerts show their times in it. The console shows times in your browser's zone.
              </div>
            </div>
            <div class="field">
              <label for="session-timeout">Session timeout (minutes)</label>
              <input id="session-timeout" type="number" min={5} max={1440} value={form.sessionTimeoutMinutes} onInput={set('sessionTimeoutMinutes')} aria-describedby="session-timeout-hint" />
              <div class="hint" id="session-timeout-hint">
                A console session ends after this long without activity (5 to 1440).
              </div>
            </div>
            <div class="field">
              <label for="retention">Keep messages for (days)</label>
              <input id="retention" type="number" min={1} max={3650} placeholder="keep all" value={form.retentionDays} onInput={set('retentionDays')} aria-describedby="retention-hint" />
              <div class="hint" id="retention-hint">
                Older messages are deleted; their activities stay. Empty keeps every message.
              </div>
            </div>
          </fieldset>
          {!readOnly && (
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save organization settings'}
              </button>
            </div>
          )}
        </>
      )}
    </form>
  );
}

function DefaultsForm({ readOnly }: { readOnly: boolean }) {
  const [form, setForm] = useState<(Omit<Defaults, 'repeatHours' | 'graceMinutes' | 'afterConsecutive'> & { repeatHours: string; graceMinutes: string; afterConsecutive: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const show = (d: Defaults) => setForm({ ...d, repeatHours: String(d.repeatHours), graceMinutes: String(d.graceMinutes), afterConsecutive: String(d.afterConsecutive) });
  useEffect(() => void api<Defaults>('GET', '/settings/notifications').then(show).catch(setError), []);

  const patch = async (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setNotice('');
    try {
      show(await api<Defaults>('PATCH', '/settings/notifications', body));
      setError(null);
      setNotice(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!form) return;
    const numbers = { repeatHours: Number(form.repeatHours), graceMinutes: Number(form.graceMinutes), afterConsecutive: Number(form.afterConsecutive) };
    if (Object.values(numbers).some((n) => !Number.isFinite(n)) || [form.repeatHours, form.graceMinutes, form.afterConsecutive].some((s) => s.trim() === '')) {
      setError(new Error('Fill in every number.'));
      return;
    }
    void patch({ ...form, ...numbers }, 'Notification defaults saved.');
  };
  const restore = () =>
    void patch(
      { alertOn: null, notifyOnRestore: null, repeat: null, repeatHours: null, graceMinutes: null, afterConsecutive: null, notifyOutsideWindow: null },
      'The built-in defaults apply again.',
    );

  const set = <K extends keyof NonNullable<typeof form>>(key: K, value: NonNullable<typeof form>[K]) => form && setForm({ ...form, [key]: value });
  const text = (key: 'repeatHours' | 'graceMinutes' | 'afterConsecutive') => (e: Event) => set(key, (e.target as HTMLInputElement).value);

  return (
    <form class="form settings-form panel" onSubmit={submit} noValidate aria-labelledby="defaults-heading">
      <h2 id="defaults-heading">Notification defaults</h2>
      <p class="muted">Every check follows these unless it sets its own option.</p>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      {form && (
        <>
          <fieldset class="plain" disabled={readOnly}>
            <fieldset>
              <legend>Alert on</legend>
              {PROBLEMS.map(([value, label]) => (
                <label key={value} class="inline-check">
                  <input
                    type="checkbox"
                    checked={form.alertOn.includes(value)}
                    onChange={(e) => set('alertOn', (e.target as HTMLInputElement).checked ? [...form.alertOn, value] : form.alertOn.filter((s) => s !== value))}
                  />{' '}
                  {label}
                </label>
              ))}
            </fieldset>
            <label class="inline-check">
              <input type="checkbox" checked={form.notifyOnRestore} onChange={(e) => set('notifyOnRestore', (e.target as HTMLInputElement).checked)} /> Tell when a check is restored to
              success after an alert
            </label>
            <label class="inline-check">
              <input type="checkbox" checked={form.notifyOutsideWindow} onChange={(e) => set('notifyOutsideWindow', (e.target as HTMLInputElement).checked)} /> Alert for reports
              processed outside the arrival window
            </label>
            <div class="field">
              <label for="repeat">Repeated alerts</label>
              <select id="repeat" value={form.repeat} onChange={(e) => set('repeat', (e.target as HTMLSelectElement).value as Defaults['repeat'])}>
                <option value="every">Alert on every failure, warning or overdue mark</option>
                <option value="first">Alert only on the first of a run of problems</option>
                <option value="interval">Alert at most once every N hours</option>
              </select>
              <div class="hint">A worse status (warning → failure) always alerts.</div>
            </div>
            {form.repeat === 'interval' && (
              <div class="field">
                <label for="repeat-hours">Hours between repeated alerts</label>
                <input id="repeat-hours" type="number" min={0.25} step={0.25} value={form.repeatHours} onInput={text('repeatHours')} />
              </div>
            )}
            <div class="field">
              <label for="grace">Grace period (minutes)</label>
              <input id="grace" type="number" min={0} value={form.graceMinutes} onInput={text('graceMinutes')} aria-describedby="grace-hint" />
              <div class="hint" id="grace-hint">
                Hold an alert this long; a success meanwhile drops it. 0 alerts at once.
              </div>
            </div>
            <div class="field">
              <label for="after-consecutive">Alert from the Nth problem in a row</label>
              <input id="after-consecutive" type="number" min={1} max={100} value={form.afterConsecutive} onInput={text('afterConsecutive')} />
            </div>
          </fieldset>
          {!readOnly && (
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save notification defaults'}
              </button>
              <button type="button" onClick={restore} disabled={busy}>
                Restore the built-in defaults
              </button>
            </div>
          )}
        </>
      )}
    </form>
  );
}

const TABS = [
  ['general', 'General'],
  ['formats', 'Report formats'],
  ['comet', 'Comet'],
  ['personal', 'Personal notifications'],
] as const;

/** The organization's settings and notification defaults, the report formats (?tab=formats) and Comet's own (?tab=comet); viewers see them read-only. */
export function Settings(_: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const { query } = useLocation();
  const tab = TABS.find(([t]) => t === query.get('tab'))?.[0] ?? 'general';
  return (
    <Page title="Settings">
      {!isAdmin && <p class="muted read-only-note">Only administrators change settings; you see them read-only.</p>}
      <div class="tabs settings-tabs" role="tablist" aria-label="Settings">
        {TABS.filter(([t]) => isAdmin || t !== 'personal').map(([t, label]) => (
          <button key={t} type="button" role="tab" id={`settings-tab-${t}`} aria-controls="settings-panel" aria-selected={tab === t} onClick={() => navigate(t === 'general' ? '/settings' : `/settings?tab=${t}`, true)}>
            {label}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={`settings-tab-${tab}`}>
        {tab === 'general' && (
          <div class="settings-columns">
            <OrganizationForm readOnly={!isAdmin} />
            <DefaultsForm readOnly={!isAdmin} />
          </div>
        )}
        {tab === 'formats' && <FormatsSettingsTab readOnly={!isAdmin} />}
        {tab === 'comet' && <CometSettingsTab readOnly={!isAdmin} />}
        {tab === 'personal' && isAdmin && <PersonalSettingsTab />}
      </div>
    </Page>
  );
}
