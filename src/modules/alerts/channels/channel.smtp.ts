import type { NodemailerError } from 'nodemailer';
import { z } from 'zod';
import type { SendOutcome } from './channel.types.js';

// Sending through an outgoing mail relay, for the email channel and a user's personal email alike.

/** The relay's settings; a schema adds its recipients and `credentialsTogether`. */
export const smtpRelayShape = {
  host: z.hostname(),
  /** 587 by default; 465 with security 'tls'. */
  port: z.number().int().min(1).max(65535).optional(),
  /** 'starttls' refuses a server that does not offer it; 'tls' is TLS from the first byte; 'none' sends in the clear. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string().min(1).max(320).optional(),
  password: z.string().min(1).max(1000).optional(),
  from: z.email(),
  rejectUnauthorized: z.boolean().default(true),
};

export type SmtpRelay = z.infer<z.ZodObject<typeof smtpRelayShape>>;

export const credentialsTogether = [(c: { username?: string; password?: string }) => !c.username === !c.password, 'a user name and a password go together'] as const;

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

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  /** The delivery's idempotency key, the same for every attempt. */
  delivery: string;
}

/** Sends one plain-text message through the relay; never throws. */
export async function sendMail(relay: SmtpRelay, mail: Mail): Promise<SendOutcome> {
  const delivery = oneLine(mail.delivery);
  // Loaded on the first email sent: a sizeable library that installations without email never need.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port ?? (relay.security === 'tls' ? 465 : 587),
    secure: relay.security === 'tls',
    requireTLS: relay.security === 'starttls',
    ignoreTLS: relay.security === 'none',
    auth: relay.username ? { user: relay.username, pass: relay.password } : undefined,
    tls: { rejectUnauthorized: relay.rejectUnauthorized },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    const info = await transport.sendMail({
      from: relay.from,
      to: mail.to,
      subject: oneLine(mail.subject), // nodemailer encodes and folds it
      text: mail.text,
      // The same for every attempt of a delivery, so a mailbox can fold a repeat into one.
      messageId: `<backwatch.${delivery.replace(/[^A-Za-z0-9._-]/g, '-')}@${relay.from.split('@').pop()}>`,
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
}
