import type { ChannelType, Kept } from './ChannelFieldKinds.js';
import { NOTIFICATION_TYPES } from './ChannelTypesNotification.js';
import { TICKETING_TYPES } from './ChannelTypesTicketing.js';

export type { ChannelType, Field, Kind } from './ChannelFieldKinds.js';

/**
 * Every channel type the API knows (README: Alerts and Tickets), with the
 * settings each one takes, so the channel editor can show a real form. The
 * server validates again; this only has to describe the fields well.
 */
export const CHANNEL_TYPES: ChannelType[] = [...NOTIFICATION_TYPES, ...TICKETING_TYPES];

const BY_TYPE = new Map(CHANNEL_TYPES.map((t) => [t.type, t]));

export const channelType = (type: string): ChannelType | undefined => BY_TYPE.get(type);
export const typeLabel = (type: string) => BY_TYPE.get(type)?.label ?? type;
export const isTicketingType = (type: string) => BY_TYPE.get(type)?.kind === 'ticketing';

const TICKETS: Kept = { title: 'Tickets', item: 'Ticket', notes: 'Notes' };

/** What a channel keeps per incident (a ticketing system's tickets, a Slack app's threads), or null. */
export const keptPerIncident = (type: string): Kept | null => {
  const t = BY_TYPE.get(type);
  return t?.keeps ?? (t?.kind === 'ticketing' ? TICKETS : null);
};

/** The channel's distinguishing settings as one line (secrets as the API masked them). */
export function keySetting(type: string, config: Record<string, unknown>): string {
  const t = BY_TYPE.get(type);
  const keys = t?.keys ?? [];
  return keys
    .map((k) => config[k])
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map((v) => (Array.isArray(v) ? v.join(', ') : String(v)))
    .join(' · ');
}
