import { OutboundRefused } from '../../../shared/http-client.js';
import { retryableStatus } from '../../alerts/channels/channel.http.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { baseUrl, type Failure } from './vendor.http.js';

// Slack's Web API answers most failures with HTTP 200 and {"ok": false, "error": "<code>"}; only rate
// limits (429 with Retry-After) and Slack's own trouble come as HTTP statuses.

const EXCERPT = 500;

/** Codes that waiting may fix: rate limits and Slack's own trouble. Any other code is a setting or a message to change. */
const TRANSIENT = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org', 'org_login_required']);

/** What the operator does about the codes a setting causes. */
const HINTS: Record<string, string> = {
  not_authed: 'no token was sent',
  invalid_auth: 'the token is not valid',
  account_inactive: 'the token belongs to a deleted user or workspace',
  token_revoked: 'the token was revoked or the app uninstalled',
  token_expired: 'the token expired: use a bot token without rotation',
  channel_not_found: 'no such channel, or a private one the app is not in: check the channel id and invite the app',
  not_in_channel: 'the app is not in the channel: invite it (/invite @app) or give it chat:write.public',
  is_archived: 'the channel is archived',
  msg_too_long: 'the message is too long',
  no_permission: 'the app may not post there',
  missing_scope: 'the token lacks a scope',
};

export interface SlackAuth {
  apiUrl: string;
  token: string;
}

/** A method's answer, or why it failed; `code` is Slack's error code when it sent one. */
export type SlackReply = { ok: true; status: number; json: Record<string, any> } | (Failure & { code?: string });

/** Calls a write method with a JSON body, as Slack recommends for chat.postMessage and chat.update. */
export const slackPost = (ctx: ChannelContext, c: SlackAuth, method: string, args?: Record<string, unknown>) =>
  call(ctx, c, method, 'POST', args === undefined ? undefined : JSON.stringify(args));

/** Calls a read method (chat.getPermalink takes only GET parameters). */
export const slackGet = (ctx: ChannelContext, c: SlackAuth, method: string, params: Record<string, string>) =>
  call(ctx, c, `${method}?${new URLSearchParams(params)}`, 'GET');

async function call(ctx: ChannelContext, c: SlackAuth, method: string, verb: string, body?: string): Promise<SlackReply> {
  const step = `Slack ${method.split('?')[0]}`;
  const headers: Record<string, string> = { authorization: `Bearer ${c.token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  try {
    const res = await ctx.http.send({ method: verb, url: `${baseUrl(c.apiUrl)}/${method}`, headers, body });
    const response = res.body.slice(0, EXCERPT);
    if (res.status === 429) {
      const after = Number(res.headers['retry-after']);
      return { ok: false, retryable: true, status: 429, code: 'ratelimited', error: `${step}: ratelimited${after > 0 ? `, retry after ${after} s` : ''}`, response };
    }
    if (res.status < 200 || res.status >= 300) return { ok: false, retryable: retryableStatus(res.status), status: res.status, error: `${step}: HTTP ${res.status}`, response };
    let json: any;
    try {
      json = JSON.parse(res.body);
    } catch {
      return { ok: false, retryable: false, status: res.status, error: `${step}: the answer is not JSON (is apiUrl Slack's?)`, response };
    }
    if (json?.ok === true) return { ok: true, status: res.status, json };
    const code = typeof json?.error === 'string' ? json.error.slice(0, 100) : 'no error code';
    return { ok: false, retryable: TRANSIENT.has(code), status: res.status, code, error: describe(step, code, json), response };
  } catch (e) {
    return { ok: false, retryable: !(e instanceof OutboundRefused), error: `${step}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function describe(step: string, code: string, answer: { needed?: unknown }): string {
  const needed = code === 'missing_scope' && typeof answer.needed === 'string' ? ` (needs ${answer.needed})` : '';
  const hint = Object.hasOwn(HINTS, code) ? HINTS[code] : undefined;
  return `${step}: ${code}${needed}${hint ? `: ${hint}` : ''}`;
}
