import { z } from 'zod';
import { isProblem } from '../../../shared/status.js';
import type { TemplateSet } from '../../alerts/alerts.templates.js';
import { type BlockKitMessage, blockKitMessage, contextBlock, headerBlock, mrkdwnEscape, sectionBlock, STATUS_EMOJI } from '../../alerts/channels/slack.blocks.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { type SlackReply, slackGet, slackPost } from './slack-app.api.js';
import { refusal } from './vendor.http.js';

// An incident as a Slack thread: the first alert is a message in the channel, later ones reply in its
// thread, and recovery edits the first message to say so and replies. The "ticket" is <channel id>/<ts>.

const config = ticketingCommon.extend({
  /** Slack's Web API; another base only for a proxy in between. */
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://slack.com/api'),
  /** The app's bot token (xoxb-…), with chat:write. */
  token: z.string().trim().regex(/^(xoxe\.)?xox[a-z]-\S+$/, 'a Slack bot token: xoxb-…'),
  /** The channel's id, not its name (names change): C… (or G…, an older private channel) or D…, a direct message. */
  channel: z.string().trim().regex(/^[CGD][A-Z0-9]{6,}$/, 'a channel id such as C0123456789'),
});

type SlackAppConfig = z.infer<typeof config>;

const THREAD = /^([CGD][A-Z0-9]{6,})\/(\d+\.\d+)$/;

/** The channel and first message a ticket names, or null when it names none. */
function threadOf(ticket: TicketRef) {
  const [, channel, ts] = ticket.id.match(THREAD) ?? [];
  return channel && ts ? { channel, ts } : null;
}

const badThread = (ticket: TicketRef) => refusal(`"${ticket.id}" is not a Slack thread (channel id/ts)`);

/** The first message deleted (by a person, or with its channel's history): the incident's thread is closed by hand. */
const gone = (reply: SlackReply) => !reply.ok && (reply.code === 'message_not_found' || reply.code === 'thread_not_found');

const outcome = (reply: SlackReply): TicketOutcome =>
  gone(reply) ? { ok: true, status: reply.status, alreadyClosed: true } : reply.ok ? { ok: true, status: reply.status } : reply;

/**
 * A reply stays in the thread, unless a thread that began as a warning turns into a failure: the
 * channel, which shows only the yellow first message, is told too.
 */
const broadcast = (req: TicketRequest) =>
  isProblem(req.view.status) && req.view.status !== 'warning' && req.view.previousStatus === 'warning' && (req.opening?.status ?? 'warning') === 'warning';

/** The first message, recovered: the recovery's header and time, then what the first alert said. */
function recoveredMessage(templates: TemplateSet, req: TicketRequest): BlockKitMessage {
  const recovery = blockKitMessage(templates, req.view);
  if (!req.opening) return recovery;
  const first = blockKitMessage(templates, req.opening);
  const since = `*${mrkdwnEscape(req.opening.statusLabel)}* since ${mrkdwnEscape(req.opening.activity.time)}`;
  const line = contextBlock(`Recovered ${mrkdwnEscape(req.view.activity.time)} after ${since}`);
  return { text: recovery.text, blocks: [recovery.blocks[0]!, line, ...first.blocks.slice(1)] };
}

const TEST_MESSAGE: BlockKitMessage = {
  text: 'Test message from backwatch',
  blocks: [
    headerBlock(`${STATUS_EMOJI.success} Test message from backwatch`),
    sectionBlock('This channel works. The first alert of a check starts a thread here, later alerts reply in it, and recovery marks the first message.'),
  ],
};

const reply = (ctx: ChannelContext, c: SlackAppConfig, thread: { channel: string; ts: string }, message: BlockKitMessage, extra: object = {}) =>
  slackPost(ctx, c, 'chat.postMessage', { channel: thread.channel, thread_ts: thread.ts, ...message, ...extra });

export const slackAppTicketing: TicketingAdapter<SlackAppConfig> = {
  type: 'slack-app',
  kind: 'ticketing',
  config,
  secrets: ['token'],
  fields: [],

  async open(c, req, ctx) {
    const posted = await slackPost(ctx, c, 'chat.postMessage', { channel: c.channel, ...blockKitMessage(ctx.templates, req.view) });
    if (!posted.ok) return posted;
    const { channel, ts } = posted.json;
    const id = `${channel}/${ts}`;
    if (!THREAD.test(id)) return refusal('Slack chat.postMessage: the answer has no channel and ts', posted.status);
    // Only a link: without it the thread is still the incident's, so a failure here must not post the alert again.
    const link = await slackGet(ctx, c, 'chat.getPermalink', { channel, message_ts: ts });
    const url = link.ok && typeof link.json.permalink === 'string' && /^https?:\/\//.test(link.json.permalink) ? link.json.permalink : null;
    return { ok: true, status: posted.status, ticket: { id, url } };
  },

  async note(c, ticket, req, ctx) {
    const thread = threadOf(ticket);
    if (!thread) return badThread(ticket);
    return outcome(await reply(ctx, c, thread, blockKitMessage(ctx.templates, req.view), broadcast(req) ? { reply_broadcast: true } : {}));
  },

  async close(c, ticket, req, ctx) {
    const thread = threadOf(ticket);
    if (!thread) return badThread(ticket);
    const edited = await slackPost(ctx, c, 'chat.update', { channel: thread.channel, ts: thread.ts, ...recoveredMessage(ctx.templates, req) });
    if (gone(edited)) return outcome(edited);
    // An edit Slack will never allow (the workspace's edit window, a message another app posted) does not hold back the reply.
    if (!edited.ok && edited.code !== 'edit_window_closed' && edited.code !== 'cant_update_message') return edited;
    return outcome(await reply(ctx, c, thread, blockKitMessage(ctx.templates, req.view)));
  },

  // The token (auth.test), then a message to the channel: that proves chat:write and that the app may post there.
  async verify(c, ctx) {
    const who = await slackPost(ctx, c, 'auth.test');
    if (!who.ok) return who;
    const posted = await slackPost(ctx, c, 'chat.postMessage', { channel: c.channel, ...TEST_MESSAGE });
    if (!posted.ok) return posted;
    return { ok: true, status: posted.status, response: `posted as ${String(who.json.user ?? 'the app')} to ${String(who.json.team ?? 'the workspace')}` };
  },
};
