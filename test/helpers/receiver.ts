import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** The next answers, in order; after they run out, `fallback`. */
  respond(...answers: Answer[]): void;
  /** Refuses a request shape by answering 400 with the reason (as the real service would), and records the reason. */
  validate(check: (req: Received) => string | null): void;
  problems: string[];
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a service we cannot reach from here
 * (Slack, Teams…): it records every request and answers as told.
 */
type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

export async function startReceiver(fallback: Answer = { status: 200, body: 'ok' }): Promise<Receiver> {
  const requests: Received[] = [];
  const problems: string[] = [];
  const queue: Answer[] = [];
  let validator: ((req: Received) => string | null) | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const problem = validator?.(received) ?? null;
      if (problem) {
        problems.push(problem);
        res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
        return;
      }
      const answer = queue.shift() ?? fallback;
      setTimeout(() => res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? ''), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    respond: (...answers) => queue.push(...answers),
    validate: (check) => {
      validator = check;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
