import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../shared/logger.js';
import { classifyRecipient, type Inbox } from '../evaluation/recipients.models.js';
import type { Envelope } from '../messages/messages.models.js';
import { Admission, type AdmissionLimits } from './ingest.admission.js';
import type { IngestedMessage } from './ingest.usecase.js';

export interface SmtpOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  maxClients: number;
  /** The bound on messages received and not yet committed. */
  queue: AdmissionLimits;
  tls?: { keyFile: string; certFile: string };
}

export interface SmtpDeps {
  inbox: Inbox;
  logger: Logger;
  now: () => Date;
  ingest: (input: { raw: Buffer; envelope: Envelope; receivedAt: Date }) => Promise<IngestedMessage>;
}

const MAX_RECIPIENTS = 100;

function reply(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

/** The disk is behind: the sender keeps the report and tries again later. */
const busy = () => reply(451, '4.3.2 Too many reports waiting to be stored; please try again later');

function envelopeOf(session: SMTPServerSession): Envelope {
  const from = session.envelope.mailFrom;
  return {
    mailFrom: from ? from.address : '',
    rcptTo: session.envelope.rcptTo.map((r) => r.address),
  };
}

/**
 * The SMTP listener: refuses recipients we do not receive for at RCPT, reads
 * DATA up to the size limit (draining the rest before answering 552), and
 * answers 250 only once the message and its evaluation are committed; a
 * storage failure answers 451 so the sender retries, and so does a full queue
 * of messages waiting to be stored (451 4.3.2), so that memory stays bounded
 * when reports come faster than the disk commits them.
 */
export function createSmtpServer(options: SmtpOptions, deps: SmtpDeps) {
  const { inbox, logger } = deps;
  const queue = new Admission(options.queue);
  const tls = options.tls && { key: fs.readFileSync(options.tls.keyFile), cert: fs.readFileSync(options.tls.certFile) };

  const server = new SMTPServer({
    name: inbox.domain,
    banner: 'backwatch ready',
    size: options.maxMessageBytes,
    maxClients: options.maxClients,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !tls,
    ...tls,
    logger: false,
    closeTimeout: 5_000,

    onRcptTo(address, session, callback) {
      if (classifyRecipient(address.address, inbox).kind === 'foreign') {
        return callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here; this service receives for ${inbox.local}@${inbox.domain} and its plus-aliases`));
      }
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
        return callback(reply(452, '4.5.3 Too many recipients'));
      }
      callback();
    },

    onData(stream: SMTPServerDataStream, session, callback) {
      const started = performance.now();
      const ticket = queue.enter();
      if (!ticket) {
        // Answered without reading: smtp-server drains the message and then gives this reply.
        logger.warn({ session: session.id, code: 451, waiting: queue.waiting }, 'smtp message refused: too many waiting to be stored');
        return callback(busy());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let overQueue = false;
      stream.on('data', (chunk: Buffer) => {
        // Past a limit, keep reading (and discarding) so the client can finish and hear the reply.
        if (stream.sizeExceeded || overQueue) return;
        if (!ticket.take(chunk.length)) {
          overQueue = true;
          chunks.length = 0;
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('end', () => {
        const envelope = envelopeOf(session);
        // The transaction's fields go with each line it logs (a child logger per message cost its bindings even when nothing was logged).
        const about = { session: session.id, from: envelope.mailFrom, rcpt: envelope.rcptTo };
        if (stream.sizeExceeded) {
          ticket.release();
          logger.warn({ ...about, code: 552, limit: options.maxMessageBytes }, 'smtp message refused: too large');
          return callback(reply(552, `5.3.4 Message exceeds the ${options.maxMessageBytes}-byte limit`));
        }
        if (overQueue) {
          ticket.release();
          logger.warn({ ...about, code: 451, waiting: queue.waiting }, 'smtp message refused: too many bytes waiting to be stored');
          return callback(busy());
        }
        deps
          .ingest({ raw: Buffer.concat(chunks, size), envelope, receivedAt: deps.now() })
          .finally(() => ticket.release())
          .then((stored) => {
            logger.info(
              { ...about, code: 250, messageId: stored.messageId, bytes: size, activities: stored.activities.length, problems: stored.problems.length, ms: +(performance.now() - started).toFixed(2) },
              'smtp message stored',
            );
            callback(null, `2.0.0 Ok: stored as message ${stored.messageId}`);
          })
          .catch((err) => {
            logger.error({ ...about, err, code: 451, bytes: size }, 'smtp message not stored; sender told to retry');
            callback(reply(451, '4.3.0 Temporary storage failure, please retry'));
          });
      });
    },
  });

  server.on('error', (err) => logger.error({ err }, 'smtp server error'));

  return {
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          resolve((server.server.address() as AddressInfo).port);
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
