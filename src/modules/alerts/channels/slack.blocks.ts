import type { CheckStatus } from '../../../shared/status.js';
import type { AlertView } from '../alerts.models.js';
import { splitTitle, type TemplateSet } from '../alerts.templates.js';
import { truncate } from './channel.text.js';

// Slack's Block Kit, as every way of posting to Slack (a webhook, a bot token) writes it.

/** Block Kit limits: header text 150 characters, section (and context element) text 3000. */
export const BLOCK_LIMITS = { header: 150, section: 3000 } as const;

// Block Kit has no colours of its own (only legacy attachments do), so the header leads with a coloured emoji.
export const STATUS_EMOJI: Record<CheckStatus, string> = {
  failure: ':red_circle:',
  overdue: ':red_circle:',
  warning: ':large_yellow_circle:',
  success: ':large_green_circle:',
  pending: ':white_circle:',
};

/** `&`, `<` and `>` are Slack's control characters in mrkdwn; Slack asks for exactly these three as entities. */
export const mrkdwnEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export type Block = { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } } | { type: 'section' | 'context'; [key: string]: unknown };

/** Plain text, where entities would show as typed. */
export const headerBlock = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, BLOCK_LIMITS.header), emoji: true } });

// verbatim: Slack then links no bare URL, channel name or @word in report text; only our own <url|name> links stay markup.
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: truncate(text, BLOCK_LIMITS.section), verbatim: true });

/** Escaped mrkdwn. */
export const sectionBlock = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
export const contextBlock = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });

export interface BlockKitMessage {
  /** What notifications and screen readers show instead of the blocks (escaped mrkdwn). */
  text: string;
  blocks: Block[];
}

/** An event as a Slack message, from templates/slack/<event>.hbs: a header with the status emoji, then the body. */
export function blockKitMessage(templates: TemplateSet, view: AlertView): BlockKitMessage {
  const plain = splitTitle(templates.render('slack', view.event, view));
  const marked = splitTitle(templates.render('slack', view.event, view, mrkdwnEscape));
  const blocks = [headerBlock(`${STATUS_EMOJI[view.status]} ${plain.title}`)];
  if (marked.body) blocks.push(sectionBlock(marked.body));
  return { text: truncate(marked.title, BLOCK_LIMITS.section), blocks };
}
