import type { NodemailerError } from 'nodemailer';
import { z } from 'zod';
import { splitTitle } from '../alerts.templates.js';
import type { ChannelAdapter, SendOutcome } from './channel.types.js';

const config = z
  .object({
    host: z.hostname(),
    /** 587 by default; 465 with security 'tls'. */
    port: z.number().int().min(1).max(65535).optional(),
    /** 'starttls' refuses a server that does not offer it; 'tls' is TLS from the first byte; 'none' sends in the clear. */
    security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
    username: z.string().min(1).max(320).optional(),
    password: z.string().min(1).max(1000).optional(),
    from: z.email(),
    to: z.array(z.email()).min(1).max(50),
    rejectUnauthorized: z.boolean().default(true),
  })
  .refine((c) => !c.username === !c.password, 'a user name and a password go together');

type EmailConfig = z.infer<typeof config>;

/** No connection was made, or it broke: the same message may pass later. */
const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);
/** ...unless TLS refused it (a certificate that does not verify, TLS spoken to a plain port): that stays so until someone acts. */
const TLS_REFUSED = /CERT|SELF_SIGNED|UNABLE_TO_|^ERR_SSL_|^ERR_TLS_/;

/** Header text on one line: no control characters (CR/LF would start a new header). */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** An SMTP reply decides by its class (5xx permanent, 503 aside; 4xx transient); without one, only a broken connection is retried. */
export function smtpOutcome(e: unknown): Extract<SendOutcome, { ok: false }> {
  const err = e as NodemailerError;
  const status = err.responseCode;
  const transient = (TRANSIENT.has(err.code ?? '') && !TLS_REFUSED.test(err.originalCode ?? '')) || status === 421;
  const permanent = status !== undefined && (err.permanent ?? (status >= 500 && status !== 503));
  return { ok: false, retryable: transient || (status !== undefined && !permanent), status, error: err.message ?? String(e), response: err.response };
}

export const emailChannel: ChannelAdapter<EmailConfig> = {
  type: 'email',
  config,
  secrets: ['password'],
  async send(c, view, ctx) {
    const { title, body } = splitTitle(ctx.templates.render('email', view.event, view));
    const delivery = oneLine(ctx.idempotencyKey);
    // Loaded on the first email sent: a sizeable library that installations without an email channel never need.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: c.host,
      port: c.port ?? (c.security === 'tls' ? 465 : 587),
      secure: c.security === 'tls',
      requireTLS: c.security === 'starttls',
      ignoreTLS: c.security === 'none',
      auth: c.username ? { user: c.username, pass: c.password } : undefined,
      tls: { rejectUnauthorized: c.rejectUnauthorized },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    try {
      const info = await transport.sendMail({
        from: c.from,
        to: c.to,
        subject: oneLine(title), // nodemailer encodes and folds it
        text: body,
        // The same for every attempt of a delivery, so a mailbox can fold a repeat into one.
        messageId: `<backwatch.${delivery.replace(/[^A-Za-z0-9._-]/g, '-')}@${c.from.split('@').pop()}>`,
        headers: { 'X-Backwatch-Delivery': delivery, 'Auto-Submitted': 'auto-generated' },
      });
      // A recipient only deferred would be lost; sending again repeats it to the others, under the same Message-ID.
      const deferred = info.rejectedErrors?.find((r) => smtpOutcome(r).retryable);
      if (deferred) return { ...smtpOutcome(deferred), error: `deferred for ${deferred.recipient ?? 'a recipient'}: ${deferred.message}` };
      const refused = info.rejected.length ? `; refused for ${info.rejected.join(', ')}` : '';
      return { ok: true, response: `${info.response}${refused}`.slice(0, 500) };
    } catch (e) {
      return smtpOutcome(e);
    } finally {
      transport.close();
    }
  },
};
