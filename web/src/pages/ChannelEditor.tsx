import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { ChannelFields } from '../components/ChannelFields.js';
import { ChannelConnection } from '../components/ChannelConnection.js';
import { fieldLabel, type FormValues, fromForm, issuesByField, toForm } from '../components/ChannelForm.js';
import { settingPickers } from '../components/ChannelSettingPickers.js';
import { type TestOutcome, TestResult } from '../components/ChannelTestResult.js';
import { ChannelTickets } from '../components/ChannelTickets.js';
import { ChannelTypePicker } from '../components/ChannelTypePicker.js';
import { CHANNEL_TYPES, channelType, keptPerIncident, typeLabel } from '../components/ChannelTypes.js';
import { DeliveryList } from '../components/DeliveryList.js';
import { ErrorNote, Page } from '../components/Page.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useChannelLists } from '../components/VendorLists.js';
import type { Channel } from './Channels.js';

/** A channel or ticketing system: its settings as a form, a test, and what was sent through it. */
export function ChannelEditor({ params }: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const { query } = useLocation();
  const isNew = params.id === undefined;
  const channelId = isNew ? null : Number(params.id);
  const readOnly = !isAdmin;

  const [channel, setChannel] = useState<Channel | null>(null);
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<FormValues>({});
  const [replacing, setReplacing] = useState<Set<string>>(new Set());
  const [snapshot, setSnapshot] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<'' | 'saving' | 'testing' | 'deleting'>('');
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);

  const spec = channelType(type);
  const lists = useChannelLists(channel && spec?.kind === 'ticketing' ? [channel.id] : []).get(channel?.id ?? -1) ?? [];
  const stateKey = (n: string, v: FormValues, r: Set<string>) => JSON.stringify([n, v, [...r]]);
  const dirty = !isNew && stateKey(name, values, replacing) !== snapshot;

  const show = (c: Channel) => {
    const fields = channelType(c.type)?.fields ?? [];
    const v = toForm(fields, c.config, false);
    setChannel(c);
    setType(c.type);
    setName(c.name);
    setValues(v);
    setReplacing(new Set());
    setSnapshot(stateKey(c.name, v, new Set()));
  };

  useEffect(() => {
    setOutcome(null);
    setFieldErrors({});
    setError(null);
    if (channelId === null) {
      setChannel(null);
      setType('');
      setName('');
      setValues({});
      return;
    }
    api<Channel>('GET', `/channels/${channelId}`).then(show).catch(setError);
  }, [params.id]);

  const pick = (t: string) => {
    setType(t);
    setValues(toForm(channelType(t)?.fields ?? [], undefined, true));
    setFieldErrors({});
    if (!name.trim() || CHANNEL_TYPES.some((c) => c.label === name)) setName(typeLabel(t));
  };

  /** Saves the form; answers the channel saved, or null when something was refused. */
  const save = async (): Promise<Channel | null> => {
    if (!spec) return null;
    const { config, errors } = fromForm(spec.fields, values, isNew ? 'create' : 'update', replacing);
    if (!name.trim()) errors.name = 'Required.';
    setFieldErrors(errors);
    setNotice('');
    if (Object.keys(errors).length) {
      setError(new Error('Some settings need attention (marked below).'));
      return null;
    }
    setError(null);
    try {
      const saved = isNew
        ? await api<Channel>('POST', '/channels', { type, name: name.trim(), config })
        : await api<Channel>('PATCH', `/channels/${channelId}`, { name: name.trim(), config });
      show(saved);
      setNotice(isNew ? 'Channel added.' : 'Saved.');
      if (isNew) navigate(`/channels/${saved.id}`, true);
      return saved;
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) {
        const { byField, rest } = issuesByField(spec.fields, e.issues);
        setFieldErrors(byField);
        setError(new Error(rest.length ? rest.join('; ') : 'Some settings need attention (marked below).'));
      } else setError(e);
      return null;
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy('saving');
    await save();
    setBusy('');
  };

  const test = async () => {
    setBusy('testing');
    setOutcome(null);
    setNotice('');
    try {
      if (dirty && !(await save())) return;
      const found = await api<TestOutcome>('POST', `/channels/${channelId}/test`);
      setOutcome(found);
      if (spec) setFieldErrors(issuesByField(spec.fields, found.problems ?? []).byField);
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  const remove = async () => {
    if (!channel || !confirm(`Delete the channel "${channel.name}"? Checks and groups that use it stop using it.`)) return;
    setBusy('deleting');
    try {
      await api('DELETE', `/channels/${channel.id}`);
      navigate('/channels');
    } catch (e) {
      setError(e);
      setBusy('');
    }
  };

  // The open delivery is in the address (linkable), without a navigation that would scroll to the top.
  const [selected, setSelected] = useState<number | null>(query.get('delivery') ? Number(query.get('delivery')) : null);
  const select = (id: number | null) => {
    setSelected(id);
    history.replaceState(null, '', `/channels/${channelId}${id === null ? '' : `?delivery=${id}`}`);
  };
  const filter = useMemo(() => ({ channelId: String(channelId) }), [channelId]);

  const title = isNew ? 'Add a channel' : (channel?.name ?? 'Channel');
  return (
    <Page
      title={title}
      actions={
        !isNew &&
        isAdmin &&
        channel && (
          <>
            <button type="button" onClick={test} disabled={busy !== ''}>
              {busy === 'testing' ? 'Sending…' : dirty ? 'Save and send a test' : 'Send a test'}
            </button>
            <button type="button" class="danger" onClick={remove} disabled={busy !== ''}>
              Delete
            </button>
          </>
        )
      }
    >
      <p class="breadcrumb">
        <Link href="/channels">← Channels and ticketing</Link>
      </p>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      {outcome && <TestResult outcome={outcome} labelOf={(path) => (spec && fieldLabel(spec.fields, path.replace(/^config\./, ''))) || path} />}
      {isNew && !isAdmin && <p class="muted">Only administrators add channels.</p>}
      {(!isNew || isAdmin) && (
        <form class="form channel-form" onSubmit={submit} noValidate>
          {isNew ? (
            <ChannelTypePicker value={type} onPick={pick} />
          ) : (
            channel && (
              <p class="channel-type">
                <span class="muted">Type</span> <strong>{typeLabel(channel.type)}</strong> <span class="muted">· {spec?.about}</span>
              </p>
            )
          )}
          {spec && (
            <>
              <div class="field">
                <label for="channel-name">Name *</label>
                <input id="channel-name" type="text" value={name} disabled={readOnly} maxLength={100} aria-invalid={fieldErrors.name ? true : undefined} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
                {fieldErrors.name && <div class="field-error">{fieldErrors.name}</div>}
              </div>
              <fieldset class="settings">
                <legend>{spec.label} settings</legend>
                {isNew && spec.kind === 'ticketing' && <p class="hint">Ids can be typed here. Save the channel to choose these from your {spec.label}'s lists.</p>}
                <ChannelFields
                  fields={spec.fields}
                  values={values}
                  onChange={setValues}
                  masked={channel?.config}
                  isNew={isNew}
                  replacing={replacing}
                  onReplacing={setReplacing}
                  errors={fieldErrors}
                  readOnly={readOnly}
                  adorn={channel && lists.length ? settingPickers(channel.id, lists, spec.fields, values) : undefined}
                />
              </fieldset>
              {isAdmin && (
                <div class="form-actions">
                  <button type="submit" class="primary" disabled={busy !== ''}>
                    {busy === 'saving' ? 'Saving…' : isNew ? 'Add channel' : 'Save'}
                  </button>
                  <Link href="/channels" class="button">
                    Cancel
                  </Link>
                  {isNew && <span class="muted">After adding it you can send a test.</span>}
                  {dirty && <span class="muted">Unsaved changes.</span>}
                </div>
              )}
            </>
          )}
        </form>
      )}
      {channelId !== null && channel?.connection && (
        <ChannelConnection channelId={channel.id} connection={channel.connection} isAdmin={isAdmin} onChange={() => api<Channel>('GET', `/channels/${channel.id}`).then(setChannel).catch(setError)} />
      )}
      {channelId !== null && channel && (
        <>
          <section class="channel-section">
            <h2>Recent deliveries</h2>
            <DeliveryList id="channel-deliveries" filter={filter} showChannel={false} selected={selected} onSelect={select} empty="Nothing sent through this channel yet." />
          </section>
          {keptPerIncident(channel.type) && <ChannelTickets channelId={channel.id} kept={keptPerIncident(channel.type)!} />}
        </>
      )}
    </Page>
  );
}
