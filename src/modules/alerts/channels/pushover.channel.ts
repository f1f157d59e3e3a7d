import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import { sendHttp } from './channel.http.js';
import type { ChannelAdapter, SendOutcome } from './channel.types.js';
import { checkLink, clipChars, messageKind } from './channel.text.js';

/** https://pushover.net/api#limits, in characters (not bytes). */
export const PUSHOVER_LIMITS = { title: 250, message: 1024, url: 512, urlTitle: 100 };

/** -2 (no notification) to 1 (high, past quiet hours). 2 (emergency) needs retry/expire and a receipt, so it is not offered. */
const priority = z.number().int().min(-2).max(1);
const key = z.string().regex(/^[A-Za-z0-9]{30}$/, 'a Pushover key is 30 letters and digits');

const config = z.object({
  token: key,
  user: key,
  device: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,25}(,[A-Za-z0-9_-]{1,25})*$/, 'device names (up to 25 of A-Z a-z 0-9 _ -), comma-separated')
    .optional(),
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.pushover.net'),
  priorities: z.object({ failure: priority, warning: priority, overdue: priority, restore: priority, test: priority }).partial().default({}),
});

type PushoverConfig = z.infer<typeof config>;
type Kind = keyof PushoverConfig['priorities'];

const DEFAULT_PRIORITY: Record<Kind, number> = { failure: 1, overdue: 1, warning: 0, restore: -1, test: 0 };

const kind = (view: AlertView) => messageKind(view) as Kind;


function parseAnswer(text = ''): { status?: unknown; errors?: unknown } {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {}; // not Pushover's JSON: the HTTP status alone decides
  }
}

/**
 * Pushover's documented answers: 200 with `status: 1` is queued; any 4xx, or a
 * status other than 1, will fail the same way however often it is repeated
 * (429 is the monthly quota, reset on the 1st); 5xx and no answer may pass later.
 */
function readAnswer(outcome: SendOutcome): SendOutcome {
  const answer = parseAnswer(outcome.response);
  const errors = Array.isArray(answer.errors) ? answer.errors.join('; ') : '';
  if (outcome.ok) {
    if (answer.status === 1) return outcome;
    return { ok: false, retryable: false, status: outcome.status, error: `Pushover refused the message${errors && `: ${errors}`}`, response: outcome.response };
  }
  if (outcome.status && outcome.status < 500) return { ...outcome, retryable: false, error: errors ? `${outcome.error}: ${errors}` : outcome.error };
  return outcome;
}

export const pushoverChannel: ChannelAdapter<PushoverConfig> = {
  type: 'pushover',
  config,
  secrets: ['token', 'user'],
  async send(c, view, ctx) {
    const { title, body } = splitTitle(ctx.templates.render('pushover', view.event, view));
    const form = new URLSearchParams({
      token: c.token,
      user: c.user,
      title: clipChars(title, PUSHOVER_LIMITS.title),
      message: clipChars(body || title, PUSHOVER_LIMITS.message),
      priority: String(c.priorities[kind(view)] ?? DEFAULT_PRIORITY[kind(view)] ?? 0),
    });
    if (c.device) form.set('device', c.device);
    // A retry hours later still shows when it happened.
    const at = Math.floor(Date.parse(view.activity.at) / 1000);
    if (Number.isFinite(at)) form.set('timestamp', String(at));
    // A test message is about no check; a URL too long for Pushover is left in the message text only.
    const link = checkLink(view);
    if (link && link.length <= PUSHOVER_LIMITS.url) {
      form.set('url', link);
      form.set('url_title', 'Open the check in backwatch');
    }
    const outcome = await sendHttp(ctx, {
      url: `${c.apiUrl.replace(/\/+$/, '')}/1/messages.json`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return readAnswer(outcome);
  },
};
