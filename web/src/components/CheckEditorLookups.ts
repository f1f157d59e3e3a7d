/** What the check editor needs besides the check: the inbox, groups, labels, channels and the organization's defaults. */
import { api, apiAll } from '../api.js';
import type { AnomalyOverrides, AnomalySettings } from './Anomalies.js';
import type { ChannelRow, NotificationDefaults, UserRow } from './CheckEditorNotifications.js';
import { loadFormats } from './Formats.js';

export interface Group {
  id: number;
  name: string;
  notifications: { channelIds: number[] };
  anomalies?: AnomalyOverrides;
}

export interface Lookups {
  inbox: string;
  groups: Group[];
  labels: string[];
  channels: ChannelRow[];
  defaults: NotificationDefaults | null;
  /** The organization's anomaly rules (Settings › Comet, for every format), when they could be read. */
  anomalies: AnomalySettings | null;
  /** Comet's statuses and ours for each (Settings › Comet), when they could be read. */
  statusMap: Record<string, string> | null;
  /** The users a check can notify (administrators only; null for viewers). */
  users: UserRow[] | null;
}

export async function loadLookups(): Promise<Lookups> {
  const [settings, groups, checks, channels, defaults, comet, users] = await Promise.all([
    api<{ inbox: string }>('GET', '/settings'),
    api<{ items: Group[] }>('GET', '/groups'),
    apiAll<{ labels: string[] }>('/checks'),
    api<{ items: ChannelRow[] }>('GET', '/channels'),
    api<NotificationDefaults>('GET', '/settings/notifications').catch(() => null),
    api<{ anomalies: AnomalySettings; statusMap: Record<string, string> }>('GET', '/settings/comet').catch(() => null),
    api<{ items: UserRow[] }>('GET', '/users').then((r) => r.items, () => null),
    // Read now so the rule fields are in words from the first render.
    loadFormats().catch(() => null),
  ]);
  return {
    inbox: settings.inbox,
    groups: groups.items,
    labels: [...new Set(checks.flatMap((c) => c.labels))].sort(),
    channels: channels.items,
    defaults,
    anomalies: comet?.anomalies ?? null,
    statusMap: comet?.statusMap ?? null,
    users,
  };
}
