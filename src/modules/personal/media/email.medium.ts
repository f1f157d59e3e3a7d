import { z } from 'zod';
import { credentialsTogether, sendMail, smtpRelayShape } from '../../alerts/channels/channel.smtp.js';
import type { MediumAdapter, PersonalMessage } from '../personal.media.types.js';

/** The organization's outgoing mail relay. */
export const emailOrg = z.object(smtpRelayShape).refine(...credentialsTogether);
export const emailTarget = z.object({ address: z.email() });

export type EmailOrg = z.infer<typeof emailOrg>;
export type EmailTarget = z.infer<typeof emailTarget>;

const text = (m: PersonalMessage) => (m.url ? `${m.body}\n\n${m.url}` : m.body);

export const emailMedium = {
  medium: 'email',
  org: emailOrg,
  target: emailTarget,
  orgSecrets: ['password'],
  targetSecrets: [],
  send: (org, target, message, ctx) => sendMail(org, { to: [target.address], subject: message.title, text: text(message), delivery: ctx.idempotencyKey }),
} satisfies MediumAdapter<EmailOrg, EmailTarget>;
