import { z } from 'zod';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import { checkLink, truncate } from './channel.text.js';
import type { ChannelAdapter } from './channel.types.js';
import type { CheckStatus } from '../../../shared/status.js';

/** A space's incoming webhook URL (its `key` and `token` are in the query). */
const config = z.object({ url: z.url({ protocol: /^https?$/ }) });

type GoogleChatConfig = z.infer<typeof config>;

// A message may hold 32,000 bytes. A UTF-16 unit is at most 3 bytes of UTF-8 (or of JSON escape), so 8,000 + 2 × 200
// leaves room for the card around them.
const GOOGLE_CHAT_LIMITS = { title: 200, body: 8000 } as const;

const STATUS_COLOR: Record<CheckStatus, string> = {
  failure: '#d93025',
  overdue: '#d93025',
  warning: '#e37400',
  success: '#188038',
  pending: '#5f6368',
};

/** Card text is a small HTML subset: user text must not open a tag or an entity. */
export const chatEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const googlechatChannel: ChannelAdapter<GoogleChatConfig> = {
  type: 'googlechat',
  config,
  secrets: ['url'],
  async send(c, view, ctx) {
    // The card header and fallbackText are plain text, where entities would show as typed.
    const title = truncate(splitTitle(ctx.templates.render('googlechat', view.event, view)).title, GOOGLE_CHAT_LIMITS.title);
    const { body } = splitTitle(ctx.templates.render('googlechat', view.event, view, chatEscape));
    const widgets: object[] = [];
    if (body) widgets.push({ textParagraph: { text: truncate(body.replace(/\n/g, '<br>'), GOOGLE_CHAT_LIMITS.body) } });
    const link = checkLink(view);
    if (link) widgets.push({ buttonList: { buttons: [{ text: 'Open in backwatch', onClick: { openLink: { url: link } } }] } });
    const status = view.event === 'test' ? undefined : `<font color="${STATUS_COLOR[view.status]}"><b>${view.statusLabel}</b></font>`;
    const card = {
      header: { title, subtitle: view.check.group ? truncate(view.check.group, GOOGLE_CHAT_LIMITS.title) : undefined },
      sections: widgets.length ? [{ header: status, widgets }] : [],
    };
    // `text` would show above the card as a second copy; fallbackText is what notifications use instead of the card.
    const message = { fallbackText: title, cardsV2: [{ cardId: `backwatch-${view.event}`, card }] };
    return postJson(ctx, c.url, message, { 'content-type': 'application/json; charset=UTF-8' });
  },
};
