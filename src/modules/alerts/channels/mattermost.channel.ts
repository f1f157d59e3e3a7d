import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import type { ChannelAdapter } from './channel.types.js';
import { checkAttachment, neutralizeMentions, truncate } from './channel.text.js';

/** Mattermost's post limit since v5.0, in characters; a longer webhook text is split into several posts. */
export const MATTERMOST_TEXT_MAX = 16383;

const config = z.object({
  /** The incoming webhook URL (https://<server>/hooks/<key>). */
  url: z.url({ protocol: /^https?$/ }),
  /** Takes effect only where "Enable integrations to override usernames" is on. */
  username: z.string().trim().min(1).max(64).optional(),
  /** Takes effect only where "Enable integrations to override profile picture icons" is on. */
  iconUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** A channel's name (town-square, not Town Square), or @username for a direct message. */
  channel: z
    .string()
    .regex(/^[#@]?[a-z0-9._-]{1,64}$/, 'a channel name such as town-square, or @username')
    .optional(),
});

type MattermostConfig = z.infer<typeof config>;

/** The incoming webhook body: the title as the post (notifications show it), the rest in the check's attachment. */
export function mattermostMessage(c: MattermostConfig, view: AlertView, text: string) {
  const { title, body } = splitTitle(text);
  return {
    text: truncate(title, MATTERMOST_TEXT_MAX),
    username: c.username,
    icon_url: c.iconUrl,
    channel: c.channel,
    attachments: [{ fallback: truncate(title, MATTERMOST_TEXT_MAX), ...checkAttachment(view, body, MATTERMOST_TEXT_MAX) }],
  };
}

export const mattermostChannel: ChannelAdapter<MattermostConfig> = {
  type: 'mattermost',
  config,
  secrets: ['url'],
  send: (c, view, ctx) =>
    postJson(ctx, c.url, mattermostMessage(c, view, ctx.templates.render('mattermost', view.event, view, neutralizeMentions))),
};
