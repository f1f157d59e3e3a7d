import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { onTestFinished } from 'vitest';
import type { ParsedMessage } from '../../src/modules/messages/messages.models.js';
import { parseMessage } from '../../src/modules/messages/messages.parse.js';

export interface SmtpRelay {
  port: number;
  /** What it accepted, parsed as backwatch reads mail. */
  received: ParsedMessage[];
  close(): Promise<void>;
}

/** A real SMTP server on a free port standing in for an outgoing mail relay; `options` make it ask for a login or refuse. */
export async function startSmtpRelay(options: SMTPServerOptions = {}): Promise<SmtpRelay> {
  const received: ParsedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => void parseMessage(Buffer.concat(chunks)).then((mail) => void received.push(mail)).then(() => done(), done));
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The same, closed when the test that started it ends. */
export async function smtpRelayForTest(options: SMTPServerOptions = {}): Promise<SmtpRelay> {
  const relay = await startSmtpRelay(options);
  onTestFinished(() => relay.close());
  return relay;
}

/** An SMTP refusal, as smtp-server's callbacks take it. */
export const smtpRefusal = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });
