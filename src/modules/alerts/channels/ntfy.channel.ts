import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import type { ChannelAdapter } from './channel.types.js';
import { checkLink, clipBytes, messageKind } from './channel.text.js';

/** ntfy's default message-size-limit; a longer message becomes an attachment (or is refused where attachments are off). */
export const NTFY_MESSAGE_BYTES = 4096;
/** ntfy documents no title limit; this keeps a title a title. */
const TITLE_BYTES = 256;

/** 1 (min) to 5 (max, urgent); 3 is ntfy's default. */
const priority = z.number().int().min(1).max(5);

const config = z
  .object({
    server: z.url({ protocol: /^https?$/ }).default('https://ntfy.sh'),
    topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'a topic is up to 64 letters, digits, - and _'),
    /** An access token (tk_…), sent as Bearer. */
    token: z.string().regex(/^tk_[A-Za-z0-9]{1,200}$/, 'an ntfy access token starts with tk_').optional(),
    /** Or a user's name and password, sent as Basic. */
    username: z.string().regex(/^[^:\r\n]{1,200}$/, 'a user name without ":"').optional(),
    password: z.string().min(1).max(500).optional(),
    priorities: z.object({ failure: priority, warning: priority, overdue: priority, restore: priority, test: priority }).partial().default({}),
  })
  .refine((c) => !(c.token && (c.username || c.password)), 'use an access token or a user name and password, not both')
  .refine((c) => !c.username === !c.password, 'a user name and a password go together');

type NtfyConfig = z.infer<typeof config>;
type Kind = keyof NtfyConfig['priorities'];

const DEFAULT_PRIORITY: Record<Kind, number> = { failure: 5, overdue: 4, warning: 3, restore: 2, test: 3 };
/** Tags that match an emoji short code show as that emoji before the title. */
const TAGS: Record<Kind, string[]> = {
  failure: ['rotating_light'],
  overdue: ['hourglass'],
  warning: ['warning'],
  restore: ['white_check_mark'],
  test: ['bell'],
};

const kind = (view: AlertView) => messageKind(view) as Kind;


function authorization(c: NtfyConfig): Record<string, string> {
  if (c.token) return { authorization: `Bearer ${c.token}` };
  if (c.username && c.password) return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` };
  return {};
}

/** Publishes as JSON to the server's root URL (https://docs.ntfy.sh/publish/#publish-as-json), plain text, not Markdown. */
export const ntfyChannel: ChannelAdapter<NtfyConfig> = {
  type: 'ntfy',
  config,
  // On a public server anyone who knows the topic can read it: the topic is the password.
  secrets: ['topic', 'token', 'password'],
  async send(c, view, ctx) {
    const { title, body } = splitTitle(ctx.templates.render('ntfy', view.event, view));
    const k = kind(view);
    const payload = {
      topic: c.topic,
      title: clipBytes(title, TITLE_BYTES),
      message: clipBytes(body || title, NTFY_MESSAGE_BYTES),
      priority: c.priorities[k] ?? DEFAULT_PRIORITY[k] ?? 3,
      tags: TAGS[k] ?? [],
      // A test message is about no check.
      ...(checkLink(view) && { click: checkLink(view) }),
    };
    return postJson(ctx, `${c.server.replace(/\/+$/, '')}/`, payload, authorization(c));
  },
};
