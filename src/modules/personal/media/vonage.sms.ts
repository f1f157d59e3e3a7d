import { z } from 'zod';
import { answerJson, sendHttp } from '../../alerts/channels/channel.http.js';
import { smsEncoding } from './sms.text.js';
import { type SmsProvider, smsSender } from './sms.types.js';

// Vonage's SMS API: https://developer.vonage.com/en/api/sms

export const vonageOrg = z.object({
  provider: z.literal('vonage'),
  apiKey: z.string().min(1).max(64),
  apiSecret: z.string().min(1).max(200),
  from: smsSender,
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://rest.nexmo.com'),
});

export type VonageOrg = z.infer<typeof vonageOrg>;

/** Throttled, an internal error, too many connections: https://developer.vonage.com/messaging/sms/guides/troubleshooting-sms */
const PASSING = new Set(['1', '5', '10']);

/** The answer is 200 whatever happened: each part of the message has its own status, '0' when accepted. */
function refusal(parts: unknown): { status: string; text: string } | null {
  if (!Array.isArray(parts) || !parts.length) return { status: 'answer', text: 'no message status in it' };
  const refused = parts.find((p) => p?.status !== '0');
  return refused ? { status: String(refused.status), text: String(refused['error-text'] ?? 'refused') } : null;
}

export const vonageSms: SmsProvider<VonageOrg> = {
  provider: 'vonage',
  secrets: ['apiSecret'],
  async send(org, to, text, ctx) {
    const form = new URLSearchParams({
      api_key: org.apiKey,
      api_secret: org.apiSecret,
      // Vonage writes numbers without the "+".
      from: org.from.replace(/^\+/, ''),
      to: to.replace(/^\+/, ''),
      text,
      // Without it a text outside GSM-7 arrives garbled.
      type: smsEncoding(text) === 'ucs2' ? 'unicode' : 'text',
    });
    const outcome = await sendHttp(ctx, {
      url: `${org.apiUrl.replace(/\/+$/, '')}/sms/json`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    if (!outcome.ok) return outcome;
    const refused = refusal(answerJson(outcome).messages);
    if (!refused) return outcome;
    return { ok: false, retryable: PASSING.has(refused.status), status: outcome.status, error: `Vonage ${refused.status}: ${refused.text}`, response: outcome.response };
  },
};
