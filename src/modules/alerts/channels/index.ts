import type { ChannelAdapter } from './channel.types.js';
import { webhookChannel } from './webhook.channel.js';

/** Every channel type, by the name the API uses. */
export const channelAdapters = {
  webhook: webhookChannel,
} satisfies Record<string, ChannelAdapter>;

export type ChannelType = keyof typeof channelAdapters;
export const CHANNEL_TYPES = Object.keys(channelAdapters) as [ChannelType, ...ChannelType[]];
