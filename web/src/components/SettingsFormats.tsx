/** Settings › Report formats: which products' reports are read into jobs and discovered, their options, and how every job is judged (RPO, zero data). */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { Link } from '../router.js';
import { Field, FieldErrors } from './CheckEditorFields.js';
import { type FormatSettings, formatChanged, type ReportFormat, useFormats } from './Formats.js';
import { ErrorNote } from './Page.js';

type Patch = { enabled?: boolean; autoDiscovery?: { enabled: boolean }; options?: Record<string, boolean> };

// Comet keeps its discovery settings (usernames, groups) in Settings › Comet; the API refuses them here.
const ownsDiscovery = (f: ReportFormat) => f.discoverySettingsAt !== null;

function FormatRow({ format, readOnly, onPatch }: { format: ReportFormat; readOnly: boolean; onPatch: (f: ReportFormat, p: Patch) => void }) {
  const s: FormatSettings = format.settings;
  return (
    <tr data-format={format.id}>
      <th scope="row">{format.product}</th>
      <td>
        <label class="inline-check">
          <input type="checkbox" role="switch" checked={s.enabled} disabled={readOnly} onChange={(e) => onPatch(format, { enabled: (e.target as HTMLInputElement).checked })} aria-label={`Read ${format.product} reports`} />
          {s.enabled ? 'On' : 'Off'}
        </label>
      </td>
      <td>
        {ownsDiscovery(format) ? (
          <span class="muted">
            {s.autoDiscovery.enabled ? 'On' : 'Off'}, managed in <Link href="/settings?tab=comet">Settings › Comet</Link>
          </span>
        ) : (
          <label class="inline-check">
            <input
              type="checkbox"
              role="switch"
              checked={s.autoDiscovery.enabled}
              disabled={readOnly || !s.enabled}
              onChange={(e) => onPatch(format, { autoDiscovery: { enabled: (e.target as HTMLInputElement).checked } })}
              aria-label={`Discover ${format.product} checks`}
            />
            {s.autoDiscovery.enabled ? 'On' : 'Off'}
          </label>
        )}
      </td>
      <td>
        {format.options.length === 0 && <span class="muted">–</span>}
        {format.options.map((o) => (
          <label key={o.name} class="inline-check">
            <input type="checkbox" checked={s.options[o.name] ?? o.default} disabled={readOnly} onChange={(e) => onPatch(format, { options: { [o.name]: (e.target as HTMLInputElement).checked } })} />{' '}
            {o.description}
          </label>
        ))}
      </td>
    </tr>
  );
}

const says = (f: ReportFormat, p: Patch) =>
  p.enabled !== undefined
    ? `${f.product} reports are ${p.enabled ? 'read into jobs' : 'no longer read: its mail goes by the checks’ rules alone'}.`
    : p.autoDiscovery
      ? `${f.product} discovery is ${p.autoDiscovery.enabled ? 'on' : 'off'}.`
      : `${f.product} options saved.`;

function FormatList({ readOnly }: { readOnly: boolean }) {
  const loaded = useFormats();
  const [formats, setFormats] = useState<ReportFormat[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    // Fresh settings, not the copy read when the console opened.
    api<{ items: ReportFormat[] }>('GET', '/formats').then((f) => setFormats(f.items), setError);
  }, []);

  const patch = async (format: ReportFormat, body: Patch) => {
    setNotice('');
    try {
      const now = await api<ReportFormat>('PATCH', `/settings/formats/${format.id}`, body);
      formatChanged(now);
      setFormats((list) => list && list.map((f) => (f.id === now.id ? now : f)));
      setError(null);
      setNotice(says(now, body));
    } catch (e) {
      setError(e);
    }
  };

  const shown = formats ?? loaded?.items ?? null;
  return (
    <section class="panel settings-form formats-settings" aria-labelledby="formats-heading">
      <h2 id="formats-heading">Report formats</h2>
      <p class="hint">
        Each backup product's reports are read into jobs, and a job no check claims makes a check (discovery). A format turned off reads nothing: its mail goes by the checks' rules alone, and
        unclaimed mail stays unmatched.
      </p>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      {shown && (
        <table class="formats-table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Read reports</th>
              <th scope="col">Discovery</th>
              <th scope="col">Options</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <FormatRow key={f.id} format={f} readOnly={readOnly} onPatch={patch} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface JobSettings {
  rpoDays: number | null;
  anomalies: { zeroData: boolean };
}

function JobSettingsForm({ readOnly }: { readOnly: boolean }) {
  const [form, setForm] = useState<{ rpoDays: string; zeroData: boolean } | null>(null);
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useMemo(() => new Map(issues.map((i) => [i.path, i.message])), [issues]);

  const show = (s: JobSettings) => setForm({ rpoDays: s.rpoDays === null ? '' : String(s.rpoDays), zeroData: s.anomalies.zeroData });
  useEffect(() => void api<JobSettings>('GET', '/settings/jobs').then(show).catch(setError), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setNotice('');
    const text = form.rpoDays.trim();
    // Text that is no number goes as it is, so the API names the field.
    const rpoDays = text === '' ? null : Number.isFinite(Number(text)) ? Number(text) : text;
    try {
      show(await api<JobSettings>('PATCH', '/settings/jobs', { rpoDays, anomalies: { zeroData: form.zeroData } }));
      setError(null);
      setIssues([]);
      setNotice('Job settings saved.');
    } catch (err) {
      setError(err);
      setIssues(err instanceof ApiError ? err.issues : []);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form settings-form panel" onSubmit={submit} noValidate aria-labelledby="job-settings-heading">
      <h2 id="job-settings-heading">Every job</h2>
      <p class="muted">How the jobs of every format are judged. Schedule inference and the median rules are in Settings › Comet, for every format too.</p>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      {form && (
        <FieldErrors.Provider value={errors}>
          <fieldset class="plain" disabled={readOnly}>
            <Field label="RPO (days)" path="rpoDays" hint="Warn when the last successful job of a check is older than this, even while failures keep arriving. Empty: off. Groups and checks may set their own.">
              {(p) => <input {...p} type="number" min={0.25} max={3650} step={0.25} class="short" placeholder="off" value={form.rpoDays} onInput={(e) => setForm({ ...form, rpoDays: (e.target as HTMLInputElement).value })} />}
            </Field>
            <label class="inline-check">
              <input type="checkbox" checked={form.zeroData} onChange={(e) => setForm({ ...form, zeroData: (e.target as HTMLInputElement).checked })} /> Warn when a successful job protected 0 bytes or 0
              objects
            </label>
          </fieldset>
          {!readOnly && (
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save job settings'}
              </button>
            </div>
          )}
        </FieldErrors.Provider>
      )}
    </form>
  );
}

export function FormatsSettingsTab({ readOnly }: { readOnly: boolean }) {
  return (
    <div class="formats-settings-tab">
      <FormatList readOnly={readOnly} />
      <JobSettingsForm readOnly={readOnly} />
    </div>
  );
}
