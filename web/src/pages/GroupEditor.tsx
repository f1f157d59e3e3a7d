import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { isTicketingType } from '../components/ChannelTypes.js';
import { Field, FieldError, FieldErrors, type Issue, issuesOf } from '../components/CheckEditorFields.js';
import { type ChannelRow, ChannelList } from '../components/CheckEditorNotifications.js';
import { ErrorNote, Page } from '../components/Page.js';
import { TicketFields, type TicketFieldRow } from '../components/TicketFields.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import type { Group } from './Groups.js';

interface GroupForm {
  name: string;
  ticketFields: TicketFieldRow[];
  channelIds: number[];
}

const formOf = (g: Group): GroupForm => ({ name: g.name, ticketFields: Object.entries(g.ticketFields).map(([key, value]) => ({ key, value })), channelIds: g.notifications.channelIds });

const bodyOf = (f: GroupForm) => ({
  name: f.name.trim(),
  ticketFields: Object.fromEntries(f.ticketFields.filter((t) => t.key.trim() || t.value).map((t) => [t.key.trim(), t.value])),
  notifications: { channelIds: f.channelIds },
});

/** /groups/:id: a group's name, and the ticket fields and channels every check in it inherits. */
export function GroupEditor({ params }: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const id = Number(params.id);
  const [group, setGroup] = useState<Group | null>(null);
  const [form, setForm] = useState<GroupForm | null>(null);
  const [channels, setChannels] = useState<ChannelRow[]>([]);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const show = (g: Group) => {
    setGroup(g);
    setForm(formOf(g));
  };
  useEffect(() => {
    api<Group>('GET', `/groups/${id}`).then(show, setError);
    api<{ items: ChannelRow[] }>('GET', '/channels').then((r) => setChannels(r.items), setError);
  }, [id]);

  const errors = useMemo(() => new Map(issues.map((i) => [i.path, i.message])), [issues]);
  if (!group || !form) {
    return (
      <Page title="Group">
        <ErrorNote error={error} />
        {!error && <p class="loading">Loading…</p>}
      </Page>
    );
  }
  const dirty = JSON.stringify(bodyOf(form)) !== JSON.stringify(bodyOf(formOf(group)));
  const change = (patch: Partial<GroupForm>) => setForm({ ...form, ...patch });

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setIssues([]);
    setError(null);
    setNotice('');
    try {
      show(await api<Group>('PATCH', `/groups/${id}`, bodyOf(form)));
      setNotice('Saved.');
    } catch (err) {
      setIssues(issuesOf(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      await api('DELETE', `/groups/${id}`);
      navigate('/groups');
    } catch (err) {
      setError(err);
      setConfirming(false);
    }
  };

  const checks = group.checkCount === 1 ? 'Its check stays' : `Its ${group.checkCount} checks stay`;
  return (
    <Page
      title={group.name}
      actions={
        isAdmin &&
        !confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )
      }
    >
      <p class="breadcrumb">
        <Link href="/groups">← Groups</Link>
      </p>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete">
          <p id="confirm-delete">
            Delete the group “{group.name}”? {group.checkCount ? `${checks}, without a group and without the group's channels and ticket fields.` : 'It has no checks.'} Users limited to this group lose it from their groups.
          </p>
          <button type="button" class="danger" onClick={remove}>
            Delete group
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {notice && (
        <p class="notice-saved" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={error} />
      <FieldErrors.Provider value={errors}>
        <form class="form group-editor" onSubmit={save} noValidate>
          <fieldset class="plain" disabled={!isAdmin}>
            <Field label="Name" path="name">
              {(p) => <input {...p} type="text" value={form.name} maxLength={100} onInput={(e) => change({ name: (e.target as HTMLInputElement).value })} />}
            </Field>
            <ChannelList title="Notification channels" rows={channels.filter((c) => !isTicketingType(c.type))} chosen={form.channelIds} onChange={(ids) => change({ channelIds: ids })} empty="No notification channels yet." />
            <ChannelList title="External ticketing systems" rows={channels.filter((c) => isTicketingType(c.type))} chosen={form.channelIds} onChange={(ids) => change({ channelIds: ids })} empty="No ticketing systems yet." />
            <p class="hint">Every check in the group uses these besides its own.</p>
            <FieldError path="notifications.channelIds" />
            {form.channelIds.map((_, i) => (
              <FieldError key={i} path={`notifications.channelIds[${i}]`} />
            ))}
            <TicketFields
              rows={form.ticketFields}
              onChange={(rows) => change({ ticketFields: rows })}
              channels={channels}
              hint="Per-customer settings for ticketing systems (companyId, boardId, queueId, projectKey…); each check in the group inherits those it does not set."
            />
          </fieldset>
          {isAdmin && (
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save'}
              </button>
              {dirty && <span class="muted">Unsaved changes.</span>}
            </div>
          )}
        </form>
      </FieldErrors.Provider>
    </Page>
  );
}
