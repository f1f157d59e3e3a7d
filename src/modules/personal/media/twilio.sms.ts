import { z } from 'zod';
import { answerJson, retryableStatus, sendHttp } from '../../alerts/channels/channel.http.js';
import { type SmsProvider, smsSender } from './sms.types.js';

// Twilio's Programmable Messaging: https://www.twilio.com/docs/messaging/api/message-resource

export const twilioOrg = z
  .object({
    provider: z.literal('twilio'),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID is AC and 32 hexadecimal digits'),
    authToken: z.string().min(1).max(200),
    from: smsSender.optional(),
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID is MG and 32 hexadecimal digits').optional(),
    apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  })
  .refine((o) => !o.from !== !o.messagingServiceSid, 'a sender (from) or a messaging service, one of the two');

export type TwilioOrg = z.infer<typeof twilioOrg>;

export const twilioSms: SmsProvider<TwilioOrg> = {
  provider: 'twilio',
  secrets: ['authToken'],
  async send(org, to, text, ctx) {
    const form = new URLSearchParams({ To: to, Body: text });
    if (org.messagingServiceSid) form.set('MessagingServiceSid', org.messagingServiceSid);
    else form.set('From', org.from!);
    const outcome = await sendHttp(ctx, {
      url: `${org.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${org.accountSid}/Messages.json`,
      headers: {
        authorization: `Basic ${Buffer.from(`${org.accountSid}:${org.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
    });
    if (outcome.ok || outcome.status === undefined) return outcome;
    // Twilio says what went wrong as {code, message, more_info, status}; 429 (20429) and 5xx pass with time.
    const { code, message } = answerJson(outcome);
    const error = typeof message === 'string' ? `Twilio ${code ?? outcome.status}: ${message}` : outcome.error;
    return { ...outcome, retryable: retryableStatus(outcome.status), error };
  },
};
