import type { ChannelAdapter, DeviceCodeFlow } from '../alerts/channels/channel.types.js';
import { channelAdapters } from '../alerts/channels/index.js';
import type { TicketingAdapter } from '../tickets/tickets.types.js';
import { ticketingAdapters } from '../tickets/vendors/index.js';

/** Every channel type: the notification services, and the ticketing systems (which keep a ticket per incident). */
export const adapters = { ...channelAdapters, ...ticketingAdapters };

export type ChannelType = keyof typeof adapters;
export const CHANNEL_TYPES = Object.keys(adapters) as [ChannelType, ...ChannelType[]];

export type AnyAdapter = ChannelAdapter | TicketingAdapter;

export const adapterFor = (type: string): AnyAdapter => adapters[type as ChannelType] as AnyAdapter;

export const isTicketing = (a: AnyAdapter): a is TicketingAdapter => 'kind' in a && a.kind === 'ticketing';

export const TICKETING_TYPES: readonly string[] = CHANNEL_TYPES.filter((type) => isTicketing(adapterFor(type)));

/** The channel signs in as a person with a device code, and keeps that account's grant. */
export const signsIn = (a: AnyAdapter): a is AnyAdapter & DeviceCodeFlow => 'authorization' in a && a.authorization === 'device-code';
