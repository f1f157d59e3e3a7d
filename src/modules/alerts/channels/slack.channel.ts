import { z } from 'zod';
import { postJson } from './channel.http.js';
import type { ChannelAdapter } from './channel.types.js';
import { blockKitMessage } from './slack.blocks.js';

// Only the URL: an app's incoming webhook always posts with the app's name and icon to the channel chosen at install,
// so the old `username`, `icon_emoji` and `channel` overrides would be silently ignored.
const config = z.object({ url: z.url({ protocol: /^https?$/ }) });

type SlackConfig = z.infer<typeof config>;

export const slackChannel: ChannelAdapter<SlackConfig> = {
  type: 'slack',
  config,
  secrets: ['url'],
  send: (c, view, ctx) => postJson(ctx, c.url, blockKitMessage(ctx.templates, view)),
};
