import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import type { ChannelAdapter } from './channel.types.js';
import { checkLink, messageKind } from './channel.text.js';
import { PUSHOVER_API, pushoverKey, sendPushover } from './pushover.api.js';

/** -2 (no notification) to 1 (high, past quiet hours). 2 (emergency) needs retry/expire and a receipt, so it is not offered. */
const priority = z.number().int().min(-2).max(1);

const config = z.object({
  token: pushoverKey,
  user: pushoverKey,
  device: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,25}(,[A-Za-z0-9_-]{1,25})*$/, 'device names (up to 25 of A-Z a-z 0-9 _ -), comma-separated')
    .optional(),
  apiUrl: z.url({ protocol: /^https?$/ }).default(PUSHOVER_API),
  priorities: z.object({ failure: priority, warning: priority, overdue: priority, restore: priority, test: priority }).partial().default({}),
});

type PushoverConfig = z.infer<typeof config>;
type Kind = keyof PushoverConfig['priorities'];

const DEFAULT_PRIORITY: Record<Kind, number> = { failure: 1, overdue: 1, warning: 0, restore: -1, test: 0 };

const kind = (view: AlertView) => messageKind(view) as Kind;

export const pushoverChannel: ChannelAdapter<PushoverConfig> = {
  type: 'pushover',
  config,
  secrets: ['token', 'user'],
  async send(c, view, ctx) {
    const { title, body } = splitTitle(ctx.templates.render('pushover', view.event, view));
    return sendPushover(ctx, c.apiUrl, {
      token: c.token,
      user: c.user,
      title,
      message: body,
      priority: c.priorities[kind(view)] ?? DEFAULT_PRIORITY[kind(view)] ?? 0,
      device: c.device,
      timestamp: Math.floor(Date.parse(view.activity.at) / 1000),
      // A test message is about no check.
      url: checkLink(view),
      urlTitle: 'Open the check in backwatch',
    });
  },
};
