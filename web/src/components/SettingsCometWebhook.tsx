/** Settings › Comet: the webhook Comet Server posts its job events to, and its secret (shown once). */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { CopyButton } from './CheckEditorFields.js';
import { ErrorNote } from './Page.js';
import type { CometSettings } from './SettingsCometForm.js';

type Webhook = CometSettings['webhook'];

export function CometWebhook({ webhook, readOnly, onChanged }: { webhook: Webhook; readOnly: boolean; onChanged: (w: Webhook) => void }) {
  const [fresh, setFresh] = useState<{ secret: string; url: string } | null>(null);
  const [confirmOff, setConfirmOff] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => onChanged((await api<CometSettings>('GET', '/settings/comet')).webhook);
  const rotate = () =>
    run(async () => {
      const made = await api<{ secret: string; url: string; createdAt: string }>('POST', '/settings/comet/webhook-secret');
      setFresh(made);
      await reload();
    });
  const turnOff = () =>
    run(async () => {
      await api('DELETE', '/settings/comet/webhook-secret');
      setFresh(null);
      setConfirmOff(false);
      await reload();
    });

  return (
    <section class="panel settings-form comet-webhook" aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">Comet webhook</h2>
      <p class="hint">Comet Server can also post its job events here (Settings › Webhooks in Comet). A job told by both an email and an event is one job.</p>
      <div class="field">
        <label for="webhook-url">Webhook URL</label>
        <div class="input-row">
          <input id="webhook-url" type="text" readOnly class="code" value={webhook.url} />
          <CopyButton text={webhook.url} what="webhook URL" />
        </div>
      </div>
      <p data-testid="webhook-state">
        {webhook.configured ? (
          <>
            <span class="running yes">On</span> with the secret starting <code>{webhook.hint}…</code>
            {webhook.createdAt && `, made ${formatTime(webhook.createdAt)}`}.
          </>
        ) : (
          <>
            <span class="running no">Off</span> no secret yet: Comet's events are refused.
          </>
        )}
      </p>
      {fresh && (
        <div class="secret-once" role="status">
          <p>
            <strong>The new secret, shown only now.</strong> Copy it, or the full URL, into Comet.
          </p>
          <div class="secret-value">
            <code data-testid="webhook-secret">{fresh.secret}</code>
            <CopyButton text={fresh.secret} what="secret" />
          </div>
          <div class="secret-value">
            <code data-testid="webhook-full-url">{fresh.url}</code>
            <CopyButton text={fresh.url} what="webhook URL with its secret" />
          </div>
        </div>
      )}
      <ErrorNote error={error} />
      {!readOnly && !confirmOff && (
        <div class="form-actions">
          <button type="button" onClick={rotate} disabled={busy}>
            Make a new secret
          </button>
          {webhook.configured && (
            <button type="button" class="danger" onClick={() => setConfirmOff(true)} disabled={busy}>
              Turn off
            </button>
          )}
          {webhook.configured && <span class="hint">A new secret replaces the current one at once.</span>}
        </div>
      )}
      {confirmOff && (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-webhook-off">
          <p id="confirm-webhook-off">Turn the webhook off? Comet's events are refused until a new secret is made.</p>
          <button type="button" class="danger" onClick={turnOff} disabled={busy}>
            Turn the webhook off
          </button>{' '}
          <button type="button" onClick={() => setConfirmOff(false)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
