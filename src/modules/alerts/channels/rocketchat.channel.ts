import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import type { ChannelAdapter, SendOutcome } from './channel.types.js';
import { checkAttachment, neutralizeMentions, truncate } from './channel.text.js';

/** Rocket.Chat's default Message_MaxAllowedSize, in characters. */
export const ROCKETCHAT_TEXT_MAX = 5000;

const config = z
  .object({
    /** The incoming integration's webhook URL (https://<server>/hooks/<id>/<token>). */
    url: z.url({ protocol: /^https?$/ }),
    /** A name shown in place of the integration user's. */
    alias: z.string().trim().min(1).max(100).optional(),
    /** An emoji as the avatar, such as :floppy_disk:. */
    emoji: z
      .string()
      .regex(/^:[\w+-]{1,64}:$/, 'an emoji code such as :floppy_disk:')
      .optional(),
    /** An image URL as the avatar. */
    avatar: z.url({ protocol: /^https?$/ }).optional(),
    /** #channel, @user or a room id; the integration must allow overriding its destination channel. */
    channel: z
      .string()
      .regex(/^[#@]?[\w.-]{1,100}$/, '#channel, @user or a room id')
      .optional(),
  })
  .refine((c) => !(c.emoji && c.avatar), 'use an emoji or an avatar URL, not both (Rocket.Chat shows the avatar)');

type RocketChatConfig = z.infer<typeof config>;

/** The incoming webhook body: the title as the message (notifications show it), the rest in the check's attachment. */
export function rocketchatMessage(c: RocketChatConfig, view: AlertView, text: string) {
  const { title, body } = splitTitle(text);
  return {
    text: truncate(title, ROCKETCHAT_TEXT_MAX),
    alias: c.alias,
    emoji: c.emoji,
    avatar: c.avatar,
    channel: c.channel,
    attachments: [checkAttachment(view, body, ROCKETCHAT_TEXT_MAX)],
  };
}

/** Rocket.Chat says why it refused in `{"success": false, "error": …}`; that reason beats a bare status. */
function readAnswer(outcome: SendOutcome): SendOutcome {
  let answer: { success?: unknown; error?: unknown } = {};
  try {
    answer = JSON.parse(outcome.response ?? '');
  } catch {}
  if (answer?.success !== false) return outcome;
  const reason = typeof answer.error === 'string' ? answer.error : 'refused';
  const retryable = !outcome.ok && outcome.retryable;
  return { ok: false, retryable, status: outcome.status, error: `Rocket.Chat: ${reason}`, response: outcome.response };
}

export const rocketchatChannel: ChannelAdapter<RocketChatConfig> = {
  type: 'rocketchat',
  config,
  secrets: ['url'],
  async send(c, view, ctx) {
    const text = ctx.templates.render('rocketchat', view.event, view, neutralizeMentions);
    return readAnswer(await postJson(ctx, c.url, rocketchatMessage(c, view, text)));
  },
};
