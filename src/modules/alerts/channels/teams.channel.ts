import { z } from 'zod';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import { checkLink, truncate } from './channel.text.js';
import type { ChannelAdapter } from './channel.types.js';
import type { CheckStatus } from '../../../shared/status.js';

/** The URL of a Teams Workflows (Power Automate) "When a Teams webhook request is received" flow. */
const config = z.object({ url: z.url({ protocol: /^https?$/ }) });

type TeamsConfig = z.infer<typeof config>;

// Teams refuses messages over 28 KB. A UTF-16 unit is at most 3 bytes of UTF-8 (or of JSON escape), so 8,000 + 200
// leaves room for the card around them.
const TEAMS_LIMITS = { title: 200, body: 8000 } as const;

const STATUS_COLOR: Record<CheckStatus, string> = {
  failure: 'attention',
  overdue: 'attention',
  warning: 'warning',
  success: 'good',
  pending: 'default',
};

/**
 * TextBlocks read Markdown and show no HTML, so `<` and `&` stay as typed while
 * the characters that would bold, italicize or link are backslash-escaped.
 */
export const teamsEscape = (s: string) => s.replace(/[\\*_~`[\]]/g, '\\$&');

export const teamsChannel: ChannelAdapter<TeamsConfig> = {
  type: 'teams',
  config,
  secrets: ['url'],
  async send(c, view, ctx) {
    const { title, body } = splitTitle(ctx.templates.render('teams', view.event, view, teamsEscape));
    const blocks: object[] = [
      { type: 'TextBlock', text: truncate(title, TEAMS_LIMITS.title), weight: 'bolder', size: 'medium', color: STATUS_COLOR[view.status], wrap: true },
    ];
    if (body) blocks.push({ type: 'TextBlock', text: truncate(body, TEAMS_LIMITS.body), wrap: true });
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      msteams: { width: 'Full' },
      body: blocks,
      // A test message has no check to open.
      ...(checkLink(view) ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in backwatch', url: checkLink(view) }] } : {}),
    };
    return postJson(ctx, c.url, {
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
    });
  },
};
