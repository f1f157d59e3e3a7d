import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpReply {
  code: number;
  response: string;
}

export interface SmtpSession {
  send(raw: string | Buffer, to: string[], from?: string): Promise<SmtpReply>;
  close(): Promise<void>;
}

/** A real SMTP client session (nodemailer's) on one connection; several messages may share it. */
export async function smtpSession(port: number): Promise<SmtpSession> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true, connectionTimeout: 10_000, socketTimeout: 30_000 });
  connection.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    connection.once('error', reject);
    connection.connect(() => {
      connection.off('error', reject);
      resolve();
    });
  });
  return {
    send: (raw, to, from = 'backup@client.example') =>
      new Promise((resolve) => {
        connection.send({ from, to }, raw, (err, info) => {
          if (err) {
            const e = err as Error & { responseCode?: number; response?: string };
            resolve({ code: e.responseCode ?? 0, response: e.response ?? e.message });
          } else {
            resolve({ code: Number(info.response.slice(0, 3)), response: info.response });
          }
        });
      }),
    close: () =>
      new Promise((resolve) => {
        connection.once('end', () => resolve());
        connection.quit();
      }),
  };
}

/** Sends one message on its own connection and answers the server's reply. */
export async function sendMail(port: number, raw: string | Buffer, to: string[], from?: string): Promise<SmtpReply> {
  const session = await smtpSession(port);
  try {
    return await session.send(raw, to, from);
  } finally {
    await session.close();
  }
}
