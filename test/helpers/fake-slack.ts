// A stand-in for Slack's Web API, as far as the slack-app channel uses it, after:
// https://docs.slack.dev/apis/web-api (JSON bodies with Authorization: Bearer, {"ok": false, "error"} answers)
// https://docs.slack.dev/reference/methods/chat.postMessage (channel, text, blocks, thread_ts, reply_broadcast; its errors)
// https://docs.slack.dev/reference/methods/chat.update (channel, ts, text, blocks; message_not_found)
// https://docs.slack.dev/reference/methods/chat.getPermalink (GET channel, message_ts)
// https://docs.slack.dev/reference/methods/auth.test
// https://docs.slack.dev/apis/web-api/rate-limits (HTTP 429 with Retry-After)
// https://docs.slack.dev/messaging/formatting-message-text (only &, < and > escaped, as &amp; &lt; &gt;)
// https://docs.slack.dev/reference/block-kit/blocks (header plain_text ≤ 150, section and context text ≤ 3000, ≤ 50 blocks)
import { type FakeVendor, startFakeVendor, type VendorAnswer, type VendorRequest } from './fake-vendor.js';

export const SLACK_TOKEN = 'xoxb-1-backwatch';
/** The channel the app was invited to; C0LOBBY exists but the app is not in it; C0ARCHIVED is archived. */
export const SLACK_CHANNEL = 'C0BACKUPS';

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  edits: number;
}

export interface FakeSlack extends FakeVendor {
  messages: SlackMessage[];
  /** The messages in the channel itself (not only in a thread), oldest first. */
  top(): SlackMessage[];
  replies(ts: string): SlackMessage[];
  /** A person deletes a message. */
  remove(ts: string): void;
  /** The workspace allows no edits (`edit_window_closed`). */
  editsClosed: boolean;
}

const ARGS: Record<string, string[]> = {
  'chat.postMessage': ['channel', 'text', 'blocks', 'attachments', 'thread_ts', 'reply_broadcast', 'unfurl_links', 'unfurl_media', 'mrkdwn', 'parse', 'link_names', 'metadata'],
  'chat.update': ['channel', 'ts', 'text', 'blocks', 'attachments', 'link_names', 'parse', 'metadata', 'reply_broadcast'],
};
const CHANNELS: Record<string, 'member' | 'outsider' | 'archived'> = { C0BACKUPS: 'member', C0LOBBY: 'outsider', C0ARCHIVED: 'archived' };
const TS = /^\d+\.\d{6}$/;

/** Each `&` an entity, each `<` the start of a `<url|text>` link: anything else is report text Slack would read as markup. */
const unescaped = (text: string) => /&(?!amp;|lt;|gt;)|<(?!https?:\/\/[^\s<>|]+\|[^<>]+>)/.test(text);

function blockProblem(block: any): string | null {
  const text = (t: any, kind: string, max: number) => t?.type === kind && typeof t.text === 'string' && t.text.length > 0 && t.text.length <= max && !(kind === 'mrkdwn' && unescaped(t.text));
  if (block?.type === 'header') return text(block.text, 'plain_text', 150) ? null : 'invalid_blocks: header';
  if (block?.type === 'section') return text(block.text, 'mrkdwn', 3000) ? null : 'invalid_blocks: section';
  if (block?.type === 'context') return Array.isArray(block.elements) && block.elements.length <= 10 && block.elements.every((e: any) => text(e, 'mrkdwn', 3000)) ? null : 'invalid_blocks: context';
  return `invalid_blocks: ${block?.type}`;
}

/** The request shapes the documentation describes; anything else is refused (and recorded). */
function check(req: VendorRequest): string | null {
  if (!/^Bearer xox[a-z]-\S+$/.test(req.headers.authorization ?? '')) return 'not_authed: no bearer token in Authorization';
  const method = req.path.slice(1);
  if (req.method === 'GET') return method === 'chat.getPermalink' && req.query.get('channel') && TS.test(req.query.get('message_ts') ?? '') && !req.body ? null : 'invalid_arguments';
  if (method === 'auth.test') return req.body ? 'auth.test takes no arguments' : null;
  if (req.headers['content-type'] !== 'application/json; charset=utf-8') return 'missing_charset or not JSON';
  const b = req.json;
  if (!b || typeof b !== 'object') return 'invalid_json';
  const unknown = Object.keys(b).filter((k) => !(ARGS[method] ?? []).includes(k));
  if (unknown.length) return `invalid_arg_name: ${unknown.join(', ')} (the token goes in the header)`;
  if (typeof b.channel !== 'string' || !b.channel) return 'channel_not_found: no channel';
  if (typeof b.text !== 'string' || !b.text || unescaped(b.text)) return 'no_text, or text with unescaped &, < or >';
  if (!Array.isArray(b.blocks) || b.blocks.length === 0 || b.blocks.length > 50) return 'invalid_blocks';
  const problem = b.blocks.map(blockProblem).find(Boolean);
  if (problem) return problem;
  if (method === 'chat.update' && !TS.test(b.ts ?? '')) return 'ts is required';
  if (b.thread_ts !== undefined && !TS.test(b.thread_ts)) return 'invalid thread_ts';
  if (b.reply_broadcast !== undefined && (typeof b.reply_broadcast !== 'boolean' || b.thread_ts === undefined)) return 'reply_broadcast goes with thread_ts';
  return null;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const messages: SlackMessage[] = [];
  let clock = 1_763_700_000;
  const error = (code: string): VendorAnswer => ({ status: 200, json: { ok: false, error: code } });
  /** What Slack answers for the token and the channel before it does anything. */
  const refusal = (req: VendorRequest, channel?: string): VendorAnswer | null => {
    const token = req.headers.authorization!.slice('Bearer '.length);
    if (token === 'xoxb-revoked') return error('token_revoked');
    if (token !== SLACK_TOKEN) return error('invalid_auth');
    if (channel === undefined) return null;
    const state = CHANNELS[channel];
    return !state ? error('channel_not_found') : state === 'outsider' ? error('not_in_channel') : state === 'archived' ? error('is_archived') : null;
  };
  const find = (channel: string, ts: string) => messages.find((m) => m.channel === channel && m.ts === ts);

  const vendor = await startFakeVendor(
    [
      ['POST', /^\/auth\.test$/, (req) => refusal(req) ?? { status: 200, json: { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'backwatch', team_id: 'T0ACME', user_id: 'U0BOT', bot_id: 'B0BOT' } }],
      [
        'POST',
        /^\/chat\.postMessage$/,
        (req) => {
          const { channel, text, blocks, thread_ts, reply_broadcast } = req.json;
          const refused = refusal(req, channel);
          if (refused) return refused;
          if (thread_ts !== undefined && !find(channel, thread_ts)) return error('thread_not_found');
          const message: SlackMessage = { channel, ts: `${++clock}.000100`, text, blocks, edits: 0, ...(thread_ts ? { thread_ts } : {}), ...(reply_broadcast ? { reply_broadcast } : {}) };
          messages.push(message);
          return { status: 200, json: { ok: true, channel, ts: message.ts, message: { type: 'message', text, blocks, bot_id: 'B0BOT', ts: message.ts, thread_ts } } };
        },
      ],
      [
        'POST',
        /^\/chat\.update$/,
        (req) => {
          const { channel, ts, text, blocks } = req.json;
          const message = find(channel, ts);
          const refused = refusal(req, channel) ?? (message ? null : error('message_not_found')) ?? (slack.editsClosed ? error('edit_window_closed') : null);
          if (refused) return refused;
          Object.assign(message!, { text, blocks, edits: message!.edits + 1 });
          return { status: 200, json: { ok: true, channel, ts, text } };
        },
      ],
      [
        'GET',
        /^\/chat\.getPermalink$/,
        (req) => {
          const [channel, ts] = [req.query.get('channel')!, req.query.get('message_ts')!];
          const refused = refusal(req) ?? (find(channel, ts) ? null : error('message_not_found'));
          return refused ?? { status: 200, json: { ok: true, channel, permalink: `https://acme.slack.com/archives/${channel}/p${ts.replace('.', '')}` } };
        },
      ],
    ],
    check,
  );
  const slack: FakeSlack = Object.assign(vendor, {
    messages,
    top: () => messages.filter((m) => !m.thread_ts || m.reply_broadcast),
    replies: (ts: string) => messages.filter((m) => m.thread_ts === ts),
    remove: (ts: string) => {
      const at = messages.findIndex((m) => m.ts === ts);
      if (at >= 0) messages.splice(at, 1);
    },
    editsClosed: false,
  });
  return slack;
}
