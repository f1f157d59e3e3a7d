import { z } from 'zod';
import { answerJson, type HttpContext, sendHttp } from './channel.http.js';
import type { SendOutcome } from './channel.types.js';
import { clipChars } from './channel.text.js';

// Pushover's messages API (https://pushover.net/api), for the Pushover channel and a user's personal Pushover alike.

/** https://pushover.net/api#limits, in characters (not bytes). */
export const PUSHOVER_LIMITS = { title: 250, message: 1024, url: 512, urlTitle: 100 };

/** An application token or a user (or group) key. */
export const pushoverKey = z.string().regex(/^[A-Za-z0-9]{30}$/, 'a Pushover key is 30 letters and digits');

export const PUSHOVER_API = 'https://api.pushover.net';

export interface PushoverMessage {
  token: string;
  user: string;
  title: string;
  message: string;
  /** -2 (no notification) to 1 (high); 2 (emergency) needs a receipt, so it is not offered. */
  priority: number;
  url?: string;
  urlTitle?: string;
  device?: string;
  /** Unix seconds: a retry hours later still shows when it happened. */
  timestamp?: number;
}

/** The form the messages API takes, cut to its limits; a URL too long for Pushover is left out. */
export function pushoverForm(m: PushoverMessage): URLSearchParams {
  const form = new URLSearchParams({
    token: m.token,
    user: m.user,
    title: clipChars(m.title, PUSHOVER_LIMITS.title),
    message: clipChars(m.message || m.title, PUSHOVER_LIMITS.message),
    priority: String(m.priority),
  });
  if (m.device) form.set('device', m.device);
  if (m.timestamp !== undefined && Number.isFinite(m.timestamp)) form.set('timestamp', String(m.timestamp));
  if (m.url && m.url.length <= PUSHOVER_LIMITS.url) {
    form.set('url', m.url);
    if (m.urlTitle) form.set('url_title', clipChars(m.urlTitle, PUSHOVER_LIMITS.urlTitle));
  }
  return form;
}

/**
 * Pushover's documented answers: 200 with `status: 1` is queued; any 4xx, or a
 * status other than 1, will fail the same way however often it is repeated
 * (429 is the monthly quota, reset on the 1st); 5xx and no answer may pass later.
 */
function readAnswer(outcome: SendOutcome): SendOutcome {
  const answer = answerJson(outcome); // not Pushover's JSON: the HTTP status alone decides
  const errors = Array.isArray(answer.errors) ? answer.errors.join('; ') : '';
  if (outcome.ok) {
    if (answer.status === 1) return outcome;
    return { ok: false, retryable: false, status: outcome.status, error: `Pushover refused the message${errors && `: ${errors}`}`, response: outcome.response };
  }
  if (outcome.status && outcome.status < 500) return { ...outcome, retryable: false, error: errors ? `${outcome.error}: ${errors}` : outcome.error };
  return outcome;
}

/** Posts one message to the messages API and reads Pushover's answer; never throws. */
export async function sendPushover(ctx: HttpContext, apiUrl: string, message: PushoverMessage): Promise<SendOutcome> {
  const outcome = await sendHttp(ctx, {
    url: `${apiUrl.replace(/\/+$/, '')}/1/messages.json`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: pushoverForm(message).toString(),
  });
  return readAnswer(outcome);
}
