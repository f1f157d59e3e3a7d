/** Settings › Comet: auto-discovery, customer groups, the status mapping, schedule inference, anomaly defaults; the webhook and the tombstones beside. */
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { ANOMALY_LABELS } from './Anomalies.js';
import { AnomalyInput } from './AnomalyInput.js';
import { Field, FieldError, FieldErrors } from './CheckEditorFields.js';
import { ErrorNote } from './Page.js';
import { GroupRules } from './SettingsCometGroups.js';
import { cometBody, type CometForm, cometForm, type CometSettings, lines, type ReportStatus, SWITCHABLE_RULES } from './SettingsCometForm.js';
import { CometTombstones } from './SettingsCometTombstones.js';
import { CometWebhook } from './SettingsCometWebhook.js';

/** The API's errors on the patterns of one list, each with the pattern it is about. */
function PatternErrors({ path, text }: { path: string; text: string }) {
  const errors = useContext(FieldErrors);
  const patterns = lines(text);
  const found = [...errors].filter(([p]) => p === path || p.startsWith(`${path}[`));
  if (!found.length) return null;
  return (
    <>
      {found.map(([p, message]) => {
        const i = /\[(\d+)\]$/.exec(p)?.[1];
        return (
          <span key={p} class="field-error" data-field={p}>
            {i === undefined ? message : `“${patterns[Number(i)] ?? ''}”: ${message}`}
          </span>
        );
      })}
    </>
  );
}

function CometSettingsForm({ readOnly, onLoaded }: { readOnly: boolean; onLoaded?: (s: CometSettings) => void }) {
  const [form, setForm] = useState<CometForm | null>(null);
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useMemo(() => new Map(issues.map((i) => [i.path, i.message])), [issues]);

  const show = (s: CometSettings) => {
    setForm(cometForm(s));
    onLoaded?.(s);
  };
  useEffect(() => void api<CometSettings>('GET', '/settings/comet').then(show).catch(setError), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setNotice('');
    try {
      show(await api<CometSettings>('PATCH', '/settings/comet', cometBody(form)));
      setError(null);
      setIssues([]);
      setNotice('Comet settings saved.');
    } catch (err) {
      setError(err);
      setIssues(err instanceof ApiError ? err.issues : []);
    } finally {
      setBusy(false);
    }
  };

  const set = (patch: Partial<CometForm>) => form && setForm({ ...form, ...patch });
  const text = (key: 'senders' | 'usernames' | 'suggestAfter' | 'applyAfter' | 'history' | 'minHistory') => (e: Event) => set({ [key]: (e.target as HTMLInputElement).value });

  return (
    <form class="form settings-form panel comet-settings-form" onSubmit={submit} noValidate aria-labelledby="comet-heading">
      <h2 id="comet-heading">Comet Backup</h2>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      {form && (
        <FieldErrors.Provider value={errors}>
          <fieldset class="plain" disabled={readOnly}>
            <fieldset>
              <legend>Auto-discovery</legend>
              <label class="inline-check">
                <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} /> Discover checks: a Comet report no check claims makes a
                check for its protected item
              </label>
              <FieldError path="autoDiscovery.enabled" />
              <Field label="Only these Comet usernames" hint="One pattern a line, * and ? as wildcards (acme-*). Empty: every username.">
                {(p) => <textarea {...p} class="code" rows={3} value={form.usernames} onInput={text('usernames')} placeholder="acme-*" />}
              </Field>
              <PatternErrors path="autoDiscovery.usernames" text={form.usernames} />
              <Field label="Only reports from these senders" hint="One pattern a line, matched against the envelope sender and From (*@backup.acme.example). Empty: any sender.">
                {(p) => <textarea {...p} class="code" rows={3} value={form.senders} onInput={text('senders')} placeholder="*@backup.acme.example" />}
              </Field>
              <PatternErrors path="autoDiscovery.senders" text={form.senders} />
            </fieldset>

            <GroupRules rows={form.groups} onChange={(groups) => set({ groups })} />

            <fieldset>
              <legend>Status mapping</legend>
              <p class="hint">Our status for each status Comet gives a job, for every check that takes the status from the Comet report.</p>
              <div class="status-map">
                {Object.keys(form.statusMap).map((s) => (
                  <Field key={s} label={s} path={`statusMap.${s}`}>
                    {(p) => (
                      <select {...p} value={form.statusMap[s]} onChange={(e) => set({ statusMap: { ...form.statusMap, [s]: (e.target as HTMLSelectElement).value as ReportStatus } })}>
                        <option value="success">Success</option>
                        <option value="warning">Warning</option>
                        <option value="failure">Failure</option>
                      </select>
                    )}
                  </Field>
                ))}
              </div>
            </fieldset>

            <fieldset>
              <legend>Schedule inference</legend>
              <p class="hint">A discovered check starts unscheduled; its schedule is then read from the arrivals of its reports.</p>
              <Field label="Suggest a schedule after (reports)" path="schedule.suggestAfter">
                {(p) => <input {...p} type="number" min={2} max={100} class="short" value={form.suggestAfter} onInput={text('suggestAfter')} />}
              </Field>
              <label class="inline-check">
                <input type="checkbox" checked={form.apply} onChange={(e) => set({ apply: (e.target as HTMLInputElement).checked })} /> Apply the suggestion by itself (otherwise it is only
                suggested)
              </label>
              {form.apply && (
                <Field label="Apply after (reports)" path="schedule.applyAfter" hint="Only to checks nobody has given a schedule.">
                  {(p) => <input {...p} type="number" min={2} max={1000} class="short" value={form.applyAfter} onInput={text('applyAfter')} />}
                </Field>
              )}
            </fieldset>

            <fieldset>
              <legend>Anomaly rules</legend>
              <p class="hint">A successful backup job whose figures are off against the median of its earlier jobs is a warning. Groups and checks may set their own.</p>
              <div class="anomaly-fields">
                {SWITCHABLE_RULES.map((r) => (
                  <AnomalyInput
                    key={r}
                    rule={r}
                    path={`anomalies.${r}`}
                    choice={form.rules[r]}
                    onChange={(c) => set({ rules: { ...form.rules, [r]: c } })}
                    min={r === 'durationFactor' ? 1.1 : 1}
                    step={r === 'durationFactor' ? 0.1 : 1}
                  />
                ))}
              </div>
              <Field label={ANOMALY_LABELS.history} path="anomalies.history">
                {(p) => <input {...p} type="number" min={1} max={100} class="short" value={form.history} onInput={text('history')} />}
              </Field>
              <Field label={ANOMALY_LABELS.minHistory} path="anomalies.minHistory">
                {(p) => <input {...p} type="number" min={1} max={100} class="short" value={form.minHistory} onInput={text('minHistory')} />}
              </Field>
            </fieldset>
          </fieldset>
          {!readOnly && (
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save Comet settings'}
              </button>
            </div>
          )}
        </FieldErrors.Provider>
      )}
    </form>
  );
}

export function CometSettingsTab({ readOnly }: { readOnly: boolean }) {
  const [webhook, setWebhook] = useState<CometSettings['webhook'] | null>(null);
  return (
    <div class="comet-settings">
      <CometSettingsForm readOnly={readOnly} onLoaded={(s) => setWebhook(s.webhook)} />
      <div class="comet-settings-side">
        {webhook && <CometWebhook webhook={webhook} readOnly={readOnly} onChanged={setWebhook} />}
        <CometTombstones readOnly={readOnly} />
      </div>
    </div>
  );
}
