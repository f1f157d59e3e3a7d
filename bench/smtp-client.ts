import net from 'node:net';

const REPLY_TIMEOUT_MS = 30_000;

export interface Reply {
  code: number;
  text: string;
}

export interface Envelope {
  from: string;
  to: string;
}

/** What one message cost: its final reply and the milliseconds from the end of DATA to that reply. */
export interface Sent {
  reply: Reply;
  ms: number;
}

/**
 * A deliberately small SMTP client for load generation: one command at a time,
 * no TLS, no AUTH. Replies are read as whole multi-line answers
 * ("250-…" lines continue, "250 …" ends one).
 */
export class SmtpClient {
  private buffer = '';
  private lines: string[] = [];
  private waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void }[] = [];
  private ready: Reply[] = [];
  private failure: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
    socket.setTimeout(REPLY_TIMEOUT_MS, () => socket.destroy(new Error(`no reply in ${REPLY_TIMEOUT_MS} ms`)));
  }

  /** Connects and reads the greeting (which smtp-server holds back 100 ms to catch early talkers). */
  static async open(host: string, port: number, helo = 'bench.client.example'): Promise<SmtpClient> {
    const socket = net.connect({ host, port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new SmtpClient(socket);
    try {
      expect(await client.read(), 220, 'greeting');
      expect(await client.command(`EHLO ${helo}`), 250, 'EHLO');
      return client;
    } catch (err) {
      socket.destroy();
      throw err;
    }
  }

  /** A message as it goes after DATA: dot-stuffed and ended with ".", as bytes, made once ahead of the load. */
  static prepare(message: string): Buffer {
    return Buffer.from(`${dotStuff(message)}\r\n.\r\n`, 'latin1');
  }

  async send(envelope: Envelope, message: string | Buffer): Promise<Sent> {
    for (const [line, code] of [[`MAIL FROM:<${envelope.from}>`, 250], [`RCPT TO:<${envelope.to}>`, 250], ['DATA', 354]] as const) {
      const reply = await this.command(line);
      if (reply.code !== code) {
        // Leaves the connection ready for the next message.
        await this.command('RSET');
        return { reply, ms: 0 };
      }
    }
    // Body and terminating dot go out in one write, so the clock starts with the final ".".
    const started = performance.now();
    this.socket.write(typeof message === 'string' ? SmtpClient.prepare(message) : message);
    const reply = await this.read();
    return { reply, ms: performance.now() - started };
  }

  async quit(): Promise<void> {
    await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }

  command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`, 'latin1');
    return this.read();
  }

  private read(): Promise<Reply> {
    const next = this.ready.shift();
    if (next) return Promise.resolve(next);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private onData(chunk: string) {
    this.buffer += chunk;
    let eol: number;
    while ((eol = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, eol);
      this.buffer = this.buffer.slice(eol + 2);
      this.lines.push(line);
      // "250-" continues a reply; "250 " (or a bare code) ends it.
      if (line.length > 3 && line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.map((l) => l.slice(4)).join('\n') };
      this.lines = [];
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(reply);
      else this.ready.push(reply);
    }
  }

  private fail(err: Error) {
    this.failure ??= err;
    for (const waiter of this.waiting.splice(0)) waiter.reject(err);
  }
}

function expect(reply: Reply, code: number, step: string) {
  if (reply.code !== code) throw new Error(`${step}: expected ${code}, got ${reply.code} ${reply.text}`);
}

/** RFC 5321 §4.5.2: a line starting with "." gets one more, so it cannot end DATA early. */
export function dotStuff(message: string): string {
  return message.replace(/(^|\r\n)\./g, '$1..');
}
