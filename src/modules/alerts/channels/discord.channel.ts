import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import type { ChannelAdapter } from './channel.types.js';
import { checkLink, STATUS_COLORS, truncate } from './channel.text.js';

/** Discord's embed limits (Message resource, "Embed Limits"); together they stay under its 6000 per message. */
export const DISCORD_LIMITS = { title: 256, description: 4096 };

const config = z.object({
  /** The channel's webhook URL (https://discord.com/api/webhooks/<id>/<token>); a `thread_id` in it is kept. */
  url: z.url({ protocol: /^https?$/ }),
  /** Overrides the webhook's name, under the rules Discord sets for webhook names. */
  username: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .refine((name) => !/clyde|discord/i.test(name), 'Discord refuses names containing "clyde" or "discord"')
    .optional(),
  /** Overrides the webhook's avatar. */
  avatarUrl: z.url({ protocol: /^https?$/ }).optional(),
});

type DiscordConfig = z.infer<typeof config>;

/** The Execute Webhook body: one embed, coloured by status and linked to the check. */
export function discordMessage(c: DiscordConfig, view: AlertView, text: string) {
  const { title, body } = splitTitle(text);
  return {
    username: c.username,
    avatar_url: c.avatarUrl,
    embeds: [
      {
        title: truncate(title, DISCORD_LIMITS.title),
        description: body ? truncate(body, DISCORD_LIMITS.description) : undefined,
        url: checkLink(view),
        color: Number.parseInt(STATUS_COLORS[view.status].slice(1), 16),
        timestamp: view.activity.at,
      },
    ],
    // Report text may say @everyone or <@id>; nothing in an alert may ping anyone.
    allowed_mentions: { parse: [] },
  };
}

/** Without `wait=true` Discord answers 204 before saving, and a message it then fails to save is no error. */
function executeUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('wait', 'true');
  return u.toString();
}

export const discordChannel: ChannelAdapter<DiscordConfig> = {
  type: 'discord',
  config,
  secrets: ['url'],
  send: (c, view, ctx) => postJson(ctx, executeUrl(c.url), discordMessage(c, view, ctx.templates.render('discord', view.event, view))),
};
