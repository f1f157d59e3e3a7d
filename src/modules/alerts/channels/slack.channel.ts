import { z } from 'zod';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import { truncate } from './channel.text.js';
import type { ChannelAdapter } from './channel.types.js';
import type { CheckStatus } from '../../../shared/status.js';

// Only the URL: an app's incoming webhook always posts with the app's name and icon to the channel chosen at install,
// so the old `username`, `icon_emoji` and `channel` overrides would be silently ignored.
const config = z.object({ url: z.url({ protocol: /^https?$/ }) });

type SlackConfig = z.infer<typeof config>;

/** Block Kit limits: header text 150 characters, section text 3000. */
const SLACK_LIMITS = { header: 150, section: 3000 } as const;

// Block Kit has no colours of its own (only legacy attachments do), so the header leads with a coloured emoji.
const STATUS_EMOJI: Record<CheckStatus, string> = {
  failure: ':red_circle:',
  overdue: ':red_circle:',
  warning: ':large_yellow_circle:',
  success: ':large_green_circle:',
  pending: ':white_circle:',
};

/** `&`, `<` and `>` are Slack's control characters in mrkdwn; Slack asks for exactly these three as entities. */
export const mrkdwnEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const slackChannel: ChannelAdapter<SlackConfig> = {
  type: 'slack',
  config,
  secrets: ['url'],
  async send(c, view, ctx) {
    // The header is plain_text, where entities would show as typed; the rest is mrkdwn.
    const plain = splitTitle(ctx.templates.render('slack', view.event, view));
    const marked = splitTitle(ctx.templates.render('slack', view.event, view, mrkdwnEscape));
    const header = truncate(`${STATUS_EMOJI[view.status]} ${plain.title}`, SLACK_LIMITS.header);
    const blocks: object[] = [{ type: 'header', text: { type: 'plain_text', text: header, emoji: true } }];
    if (marked.body) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(marked.body, SLACK_LIMITS.section) } });
    // `text` is what notifications and screen readers show instead of the blocks.
    return postJson(ctx, c.url, { text: truncate(marked.title, SLACK_LIMITS.section), blocks });
  },
};
