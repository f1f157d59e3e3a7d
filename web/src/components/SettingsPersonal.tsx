import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { ChannelFields } from './ChannelFields.js';
import { fieldOf, type FormValues, fromForm, toForm } from './ChannelForm.js';
import { type Field, channelType } from './ChannelTypes.js';
import { optUrl, secretText } from './ChannelFieldKinds.js';
import { ErrorNote } from './Page.js';

type Config = Record<string, unknown>;
interface Media {
  email: Config | null;
  sms: Config | null;
  pushover: Config | null;
  push: { publicKey: string; subject: string };
  available: string[];
}

const text = (key: string, label: string, required = false, hint?: string, placeholder?: string): Field => ({ key, label, type: 'text', required, hint, placeholder });

/** The mail relay: the email channel's server settings, without its recipients (each user gives their own). */
const emailFields = (): Field[] => (channelType('email')?.fields ?? []).filter((f) => f.key !== 'to');
const SMS_FIELDS: Record<string, Field[]> = {
  twilio: [
    text('accountSid', 'Account SID', true, undefined, 'AC…'),
    secretText('authToken', 'Auth token'),
    text('from', 'From', false, 'A Twilio number in E.164 (+1…) or an alphanumeric sender; or give a messaging service.'),
    text('messagingServiceSid', 'Messaging service SID', false, undefined, 'MG…'),
    optUrl('apiUrl', 'API URL', 'https://api.twilio.com by default.'),
  ],
  vonage: [text('apiKey', 'API key', true), secretText('apiSecret', 'API secret'), text('from', 'From', true, 'A virtual number or an alphanumeric sender ID.'), optUrl('apiUrl', 'API URL', 'https://rest.nexmo.com by default.')],
};
const PUSHOVER_FIELDS: Field[] = [secretText('appToken', 'Application token', true, 'From pushover.net › Your Applications.'), optUrl('apiUrl', 'API URL', 'https://api.pushover.net by default.')];

interface MediumProps {
  medium: 'email' | 'sms' | 'pushover';
  title: string;
  about: string;
  fields: Field[];
  stored: Config | null;
  extra?: Config;
  onSaved: (m: Media) => void;
  /** Shown above the fields (the SMS provider's choice). */
  children?: ComponentChildren;
}

function MediumForm({ medium, title, about, fields, stored, extra, onSaved, children }: MediumProps) {
  const isNew = stored === null;
  const [values, setValues] = useState<FormValues>(() => toForm(fields, stored ?? undefined, isNew));
  const [replacing, setReplacing] = useState(new Set<string>());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => setValues(toForm(fields, stored ?? undefined, isNew)), [fields]);
  const send = async (body: Config | null, done: string) => {
    try {
      onSaved(await api<Media>('PATCH', '/settings/personal-notifications', { [medium]: body }));
      setError(null);
      setErrors({});
      setReplacing(new Set());
      setNotice(done);
    } catch (err) {
      const issues = err instanceof ApiError ? err.issues : [];
      setErrors(Object.fromEntries(issues.map((i) => [fieldOf(fields, i.path.replace(`${medium}.`, '')) ?? '', i.message])));
      setError(err);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const built = fromForm(fields, values, isNew ? 'create' : 'update', replacing);
    if (Object.keys(built.errors).length) return setErrors(built.errors);
    void send({ ...built.config, ...extra }, `${title} saved.`);
  };
  return (
    <form class="form settings-form panel" onSubmit={submit} noValidate>
      <h3>{title}</h3>
      <p class="muted">{about}</p>
      {children}
      <ChannelFields fields={fields} values={values} onChange={setValues} masked={stored ?? undefined} isNew={isNew} replacing={replacing} onReplacing={setReplacing} errors={errors} readOnly={false} prefix={`${medium}-`} />
      <ErrorNote error={error} />
      {notice && <p class="notice-line" role="status">{notice}</p>}
      <div class="form-actions">
        <button type="submit" class="primary">
          Save
        </button>
        {!isNew && (
          <button type="button" onClick={() => void send(null, `${title} turned off.`)}>
            Turn off
          </button>
        )}
      </div>
    </form>
  );
}

/** The VAPID contact push services may write to about this sender (RFC 8292): a mailto: address or an https URL. */
function PushSubject({ subject, onSaved }: { subject: string; onSaved: (m: Media) => void }) {
  const [value, setValue] = useState(subject);
  const [error, setError] = useState<unknown>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      onSaved(await api<Media>('PATCH', '/settings/personal-notifications', { push: { subject: value.trim() } }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="input-row" onSubmit={save}>
      <label class="field">
        Contact for push services <input value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} placeholder="mailto:ops@example.com" />
      </label>
      <button type="submit">Save</button>
      <ErrorNote error={error} />
    </form>
  );
}

/** Settings › Personal notifications: what the organization provides for users' own notifications. */
export function PersonalSettingsTab() {
  const [media, setMedia] = useState<Media | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [provider, setProvider] = useState('twilio');
  useEffect(() => void api<Media>('GET', '/settings/personal-notifications').then((m) => (setMedia(m), m.sms && setProvider(String(m.sms.provider))), setError), []);
  if (!media) return <ErrorNote error={error} />;
  return (
    <div class="settings-columns personal-media">
      <MediumForm medium="email" title="Email relay" about="The SMTP server that sends personal email notifications." fields={emailFields()} stored={media.email} onSaved={setMedia} />
      <MediumForm
        key={provider}
        medium="sms"
        title="SMS"
        about="Sends SMS notifications and the codes that confirm users' phone numbers."
        fields={SMS_FIELDS[provider]!}
        stored={media.sms?.provider === provider ? media.sms : null}
        extra={{ provider }}
        onSaved={setMedia}
      >
        <label class="field">
          Provider{' '}
          <select value={provider} onChange={(e) => setProvider((e.target as HTMLSelectElement).value)}>
            <option value="twilio">Twilio</option>
            <option value="vonage">Vonage (Nexmo)</option>
          </select>
        </label>
      </MediumForm>
      <MediumForm medium="pushover" title="Pushover" about="The application users' Pushover notifications come from; each user gives their own user key." fields={PUSHOVER_FIELDS} stored={media.pushover} onSaved={setMedia} />
      <section class="panel">
        <h3>Browser push</h3>
        <p class="muted">Ready: the VAPID keys were made at first start (the private key is kept sealed). Users enable push in My account.</p>
        <p>
          Public key: <code class="wrap">{media.push.publicKey}</code>
        </p>
        <PushSubject subject={media.push.subject} onSaved={setMedia} />
      </section>
    </div>
  );
}
