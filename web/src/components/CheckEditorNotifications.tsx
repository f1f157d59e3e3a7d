/** The editor's notifications step: channels and ticketing systems, the alert options over the organization's defaults, ticket fields. */
import { Link } from '../router.js';
import { isTicketingType, typeLabel } from './ChannelTypes.js';
import { type CheckForm, type NotificationsForm, PROBLEM_STATUSES } from './CheckEditorForm.js';
import { Field, FieldError } from './CheckEditorFields.js';
import type { Update } from './CheckEditorIdentity.js';
import { TicketFields } from './TicketFields.js';
import type { ChannelRow } from './VendorLists.js';

export type { ChannelRow } from './VendorLists.js';

export interface NotificationDefaults {
  alertOn: string[];
  notifyOnRestore: boolean;
  repeat: 'every' | 'first' | 'interval';
  repeatHours: number;
  graceMinutes: number;
  afterConsecutive: number;
  notifyOutsideWindow: boolean;
  notifyUsers?: boolean;
}

export interface UserRow {
  id: number;
  username: string;
}

interface Props {
  form: CheckForm;
  update: Update;
  channels: ChannelRow[];
  /** Channels the check gets from its group (as the group now named in the form has them). */
  groupChannelIds: number[];
  defaults: NotificationDefaults | null;
  /** Everyone who could be chosen (administrators see the list; null when it cannot be read). */
  users: UserRow[] | null;
}

/** As the CheckCentral guide has it: users are told by their personal settings, all authorized users or chosen ones. */
function UserNotifications({ form, set, users, defaults }: { form: CheckForm; set: (p: Partial<NotificationsForm>) => void; users: UserRow[] | null; defaults: NotificationDefaults | null }) {
  const n = form.notifications;
  const chosen = n.userIds;
  return (
    <fieldset>
      <legend>Failure and Warning Notifications</legend>
      <Toggle label="Notify users, each by their personal notification settings" value={n.notifyUsers} fallback={defaults?.notifyUsers ?? true} onChange={(v) => set({ notifyUsers: v })} />
      <div class="field" role="group" aria-label="Which users">
        <label class="inline">
          <input type="radio" name="notify-which" checked={chosen === null} onChange={() => set({ userIds: null })} /> All users authorized for this check
        </label>
        <label class="inline">
          <input type="radio" name="notify-which" checked={chosen !== null} onChange={() => set({ userIds: [] })} /> Only these users:
        </label>
        {chosen !== null && (
          <div class="inline-fields">
            {(users ?? chosen.map((id) => ({ id, username: `user ${id}` }))).map((u) => (
              <label class="inline" key={u.id}>
                <input type="checkbox" checked={chosen.includes(u.id)} onChange={(e) => set({ userIds: (e.target as HTMLInputElement).checked ? [...chosen, u.id] : chosen.filter((x) => x !== u.id) })} /> {u.username}
              </label>
            ))}
          </div>
        )}
        <p class="hint">A user limited to some check groups is told only of checks in them. Each sets their media and quiet hours in My account.</p>
        <FieldError path="notifications.userIds" />
      </div>
    </fieldset>
  );
}

const REPEAT_LABELS = { every: 'Notify on every failure or warning', first: 'Notify only on the first of a run', interval: 'Notify at most once every N hours' };
const onOff = (b: boolean) => (b ? 'on' : 'off');

/** Channels to tick (a check's or a group's); those `inherited` are ticked and fixed. */
export function ChannelList({ title, rows, chosen, onChange, inherited = new Set(), empty }: { title: string; rows: ChannelRow[]; chosen: number[]; onChange: (ids: number[]) => void; inherited?: Set<number>; empty: string }) {
  const toggle = (id: number, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((x) => x !== id));
  return (
    <fieldset>
      <legend>{title}</legend>
      {!rows.length && <p class="hint">{empty}</p>}
      <div class="channel-list">
        {rows.map((c) => {
          const fromGroup = inherited.has(c.id);
          return (
            <label class="inline" key={c.id} data-channel={c.id}>
              <input type="checkbox" checked={fromGroup || chosen.includes(c.id)} disabled={fromGroup} onChange={(e) => toggle(c.id, (e.target as HTMLInputElement).checked)} />
              {c.name} <span class="muted">({typeLabel(c.type)})</span>
              {fromGroup && <span class="badge badge-muted">from the group</span>}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A yes/no option that may follow the organization default. */
function Toggle({ label, value, fallback, onChange }: { label: string; value: boolean | null; fallback: boolean | undefined; onChange: (v: boolean | null) => void }) {
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value === null ? 'default' : String(value)} onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          onChange(v === 'default' ? null : v === 'true');
        }}>
          <option value="default">Organization default{fallback === undefined ? '' : ` (${onOff(fallback)})`}</option>
          <option value="true">On</option>
          <option value="false">Off</option>
        </select>
      )}
    </Field>
  );
}

export function NotificationsStep({ form, update, channels, groupChannelIds, defaults, users }: Props) {
  const n = form.notifications;
  const set = (patch: Partial<NotificationsForm>) => update((f) => Object.assign(f.notifications, patch));
  const text = (key: 'repeatHours' | 'graceMinutes' | 'afterConsecutive') => (e: Event) => set({ [key]: (e.target as HTMLInputElement).value });
  const inherited = new Set(groupChannelIds);
  const setChannels = (ids: number[]) => set({ channelIds: ids });
  const dflt = (v: unknown) => (defaults ? `Organization default: ${String(v)}` : 'Organization default');
  return (
    <div class="form">
      <UserNotifications form={form} set={set} users={users} defaults={defaults} />
      <ChannelList title="Notification channels" rows={channels.filter((c) => !isTicketingType(c.type))} chosen={n.channelIds} onChange={setChannels} inherited={inherited} empty="No notification channels yet." />
      <ChannelList title="External ticketing systems" rows={channels.filter((c) => isTicketingType(c.type))} chosen={n.channelIds} onChange={setChannels} inherited={inherited} empty="No ticketing systems yet." />
      <p class="hint">
        Channels and ticketing systems are set up on the <Link href="/channels">Channels</Link> page; a group's channels apply to every check in it.
      </p>
      <FieldError path="notifications.channelIds" />
      {n.channelIds.map((_, i) => (
        <FieldError key={i} path={`notifications.channelIds[${i}]`} />
      ))}

      <fieldset>
        <legend>Options</legend>
        <p class="hint">Each option follows the organization's default unless set here.</p>
        <div class="field" role="group" aria-label="Alert on">
          <span class="field-label">Alert on</span>
          <label class="inline">
            <input type="checkbox" checked={n.alertOn === null} onChange={(e) => set({ alertOn: (e.target as HTMLInputElement).checked ? null : [...(defaults?.alertOn ?? PROBLEM_STATUSES)] })} /> Organization
            default{defaults ? ` (${defaults.alertOn.join(', ') || 'nothing'})` : ''}
          </label>
          {n.alertOn !== null && (
            <div class="inline-fields">
              {PROBLEM_STATUSES.map((s) => (
                <label class="inline" key={s}>
                  <input type="checkbox" checked={n.alertOn!.includes(s)} onChange={(e) => set({ alertOn: (e.target as HTMLInputElement).checked ? [...n.alertOn!, s] : n.alertOn!.filter((x) => x !== s) })} /> {s}
                </label>
              ))}
            </div>
          )}
          <FieldError path="notifications.alertOn" />
        </div>
        <Toggle label="Notify when this check is restored to success from failure or warning" value={n.notifyOnRestore} fallback={defaults?.notifyOnRestore} onChange={(v) => set({ notifyOnRestore: v })} />
        <Toggle label="Send notifications for messages processed outside of the arrival time window" value={n.notifyOutsideWindow} fallback={defaults?.notifyOutsideWindow} onChange={(v) => set({ notifyOutsideWindow: v })} />
        <Field label="Notify on repeated alerts" path="notifications.repeat">
          {(p) => (
            <select {...p} value={n.repeat ?? 'default'} onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              set({ repeat: v === 'default' ? null : (v as NotificationsForm['repeat']) });
            }}>
              <option value="default">Organization default{defaults ? ` (${REPEAT_LABELS[defaults.repeat].toLowerCase()})` : ''}</option>
              {Object.entries(REPEAT_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {n.repeat === 'interval' && (
          <Field label="Repeat every (hours)" path="notifications.repeatHours" hint={dflt(defaults?.repeatHours)}>
            {(p) => <input {...p} type="number" min={0.25} step={0.25} class="short" value={n.repeatHours} onInput={text('repeatHours')} placeholder={String(defaults?.repeatHours ?? '')} />}
          </Field>
        )}
        <Field label="Notification grace period (minutes)" path="notifications.graceMinutes" hint={`Hold an alert this long; a success meanwhile drops it. Blank: ${dflt(defaults?.graceMinutes).toLowerCase()}.`}>
          {(p) => <input {...p} type="number" min={0} class="short" value={n.graceMinutes} onInput={text('graceMinutes')} placeholder={String(defaults?.graceMinutes ?? '')} />}
        </Field>
        <Field label="Alert after this many problems in a row" path="notifications.afterConsecutive" hint={`Blank: ${dflt(defaults?.afterConsecutive).toLowerCase()}.`}>
          {(p) => <input {...p} type="number" min={1} class="short" value={n.afterConsecutive} onInput={text('afterConsecutive')} placeholder={String(defaults?.afterConsecutive ?? '')} />}
        </Field>
      </fieldset>

      <TicketFields
        rows={form.ticketFields}
        onChange={(rows) => update((f) => (f.ticketFields = rows))}
        channels={channels}
        hint="Per-customer settings for ticketing systems (companyId, boardId, queueId, projectKey…); they override the group's."
      />
    </div>
  );
}
