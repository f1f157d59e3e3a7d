import { z } from 'zod';
import type { MediumAdapter } from '../personal.media.types.js';
import { smsText } from './sms.text.js';
import { E164, type SmsProvider } from './sms.types.js';
import { twilioOrg, twilioSms } from './twilio.sms.js';
import { vonageOrg, vonageSms } from './vonage.sms.js';

/** Every SMS gateway, by the `provider` of the org settings. */
export const smsProviders = { twilio: twilioSms, vonage: vonageSms } satisfies Record<string, SmsProvider>;

export const smsOrg = z.discriminatedUnion('provider', [twilioOrg, vonageOrg]);
export const smsTarget = z.object({ phone: z.string().regex(E164, 'a number in E.164: +, the country code and the number (+15551234567)') });

export type SmsOrg = z.infer<typeof smsOrg>;
export type SmsTarget = z.infer<typeof smsTarget>;

export const smsMedium = {
  medium: 'sms',
  org: smsOrg,
  target: smsTarget,
  orgSecrets: [...new Set(Object.values(smsProviders).flatMap((p) => p.secrets))],
  targetSecrets: [],
  send(org, target, message, ctx) {
    const provider: SmsProvider<SmsOrg> = smsProviders[org.provider];
    return provider.send(org, target.phone, smsText(message), ctx);
  },
} satisfies MediumAdapter<SmsOrg, SmsTarget>;
