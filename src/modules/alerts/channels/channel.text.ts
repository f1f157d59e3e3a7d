import type { AlertView } from '../alerts.models.js';
import type { CheckStatus } from '../../../shared/status.js';

// Text rules the channels share: cutting to a service's limits, colours, links, mentions.

/**
 * Cuts a text to a service's length limit and marks the cut. Never leaves half
 * a surrogate pair, an entity (`&am`) or a tag (`<a hr`) at the end, which
 * the service would show as garbage or refuse.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/&[#\w]*$|<[^>]*$/, '').trimEnd()}…`;
}

/** Cuts to `max` characters, counted in code points (as Pushover counts), marking the cut. */
export function clipChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cuts to at most `max` UTF-8 bytes on a character boundary, marking the cut. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let size = Buffer.byteLength('…');
  let out = '';
  for (const char of text) {
    size += Buffer.byteLength(char);
    if (size > max) break;
    out += char;
  }
  return `${out}…`;
}

/** What a message is about, for priorities and tags: a problem's status, or the event. */
export const messageKind = (view: AlertView) => (view.event === 'alert' ? view.status : view.event);

/** The colour bar beside a message: red for a problem, amber for a warning, green once it is fine. */
export const STATUS_COLORS: Record<CheckStatus, `#${string}`> = {
  failure: '#D32F2F',
  overdue: '#D32F2F',
  warning: '#F9A825',
  success: '#2E7D32',
  pending: '#757575',
};

/**
 * Report text is not ours: a subject saying "@channel" must not notify a whole channel.
 * Mattermost splits words at any character that cannot be part of a mention, and
 * Rocket.Chat's mention names are letters, digits and `._-`, so a zero-width space after
 * every "@" leaves the text as it reads but mentions no one. `<!channel>`, `<!here>` and
 * `<!all>` are Slack's spellings, which Mattermost translates into mentions.
 */
export const neutralizeMentions = (text: string) => text.replaceAll('@', '@\u200B').replaceAll('<!', '<\u200B!');

/** The check a message is about, to link to; a test message is about no check. */
export const checkLink = (view: AlertView) => (view.event === 'test' ? undefined : view.check.url);

/** A Slack-style message attachment, as Mattermost and Rocket.Chat take it: coloured by status, titled with the check and linked to it. */
export const checkAttachment = (view: AlertView, body: string, max: number) => ({
  color: STATUS_COLORS[view.status],
  title: neutralizeMentions(view.check.name),
  title_link: checkLink(view),
  text: truncate(body, max),
});
