import { z } from 'zod';
import { splitTitle } from '../alerts.templates.js';
import type { ChannelAdapter } from './channel.types.js';
import { credentialsTogether, sendMail, smtpRelayShape } from './channel.smtp.js';

const config = z
  .object({ ...smtpRelayShape, to: z.array(z.email()).min(1).max(50) })
  .refine(...credentialsTogether);

type EmailConfig = z.infer<typeof config>;

export const emailChannel: ChannelAdapter<EmailConfig> = {
  type: 'email',
  config,
  secrets: ['password'],
  async send(c, view, ctx) {
    const { title, body } = splitTitle(ctx.templates.render('email', view.event, view));
    return sendMail(c, { to: c.to, subject: title, text: body, delivery: ctx.idempotencyKey });
  },
};
