import { INBOX, SENDER } from './reports.js';
import { SmtpClient } from './smtp-client.js';

export type Mode = 'reuse' | 'fresh';

export interface LoadOutcome {
  elapsedS: number;
  latenciesMs: number[];
  acknowledged: number;
  errors: number;
  errorSamples: string[];
}

const envelope = { from: SENDER, to: INBOX };

/** Each new connection goes to the next port (the nodes sharing a database), so that the connections spread evenly. */
function roundRobin(ports: number[]): () => Promise<SmtpClient> {
  if (!ports.length) throw new Error('no SMTP port to send to');
  let opened = 0;
  return () => SmtpClient.open('127.0.0.1', ports[opened++ % ports.length]!);
}

function outcomeRecorder() {
  const outcome: LoadOutcome = { elapsedS: 0, latenciesMs: [], acknowledged: 0, errors: 0, errorSamples: [] };
  const failed = (what: string) => {
    outcome.errors++;
    if (outcome.errorSamples.length < 5) outcome.errorSamples.push(what);
  };
  const deliver = async (client: SmtpClient, raw: Buffer) => {
    const { reply, ms } = await client.send(envelope, raw);
    if (reply.code === 250) {
      outcome.acknowledged++;
      outcome.latenciesMs.push(ms);
    } else failed(`${reply.code} ${reply.text}`);
  };
  return { outcome, failed, deliver };
}

/**
 * Sends every message once (each prepared with SmtpClient.prepare), as fast as the servers answer (a closed loop).
 * Connections take the `ports` in turn.
 * reuse: `concurrency` connections, each taking the next message until none is
 * left. fresh: one message per connection, with `concurrency` connections in
 * flight, as a fleet of separate senders would be.
 */
export async function runLoad(mode: Mode, ports: number[], messages: Buffer[], concurrency: number): Promise<LoadOutcome> {
  const { outcome, failed, deliver } = outcomeRecorder();
  const connect = roundRobin(ports);
  let next = 0;
  const reuse = async () => {
    let client: SmtpClient | null = null;
    for (let n = next++; n < messages.length; n = next++) {
      try {
        client ??= await connect();
        await deliver(client, messages[n]!);
      } catch (err) {
        failed((err as Error).message);
        void client?.quit();
        client = null;
      }
    }
    await client?.quit();
  };
  const fresh = async () => {
    for (let n = next++; n < messages.length; n = next++) {
      let client: SmtpClient | null = null;
      try {
        client = await connect();
        await deliver(client, messages[n]!);
      } catch (err) {
        failed((err as Error).message);
      }
      await client?.quit();
    }
  };

  // Separate senders do not all connect in the same millisecond: the fresh load's senders start spread over
  // the server's 100 ms greeting hold, or they would arrive, and be answered, in lockstep waves.
  const start = (i: number) => (mode === 'fresh' ? new Promise((r) => setTimeout(r, (i * 100) / concurrency)) : Promise.resolve());
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, (_, i) => start(i).then(mode === 'reuse' ? reuse : fresh)));
  outcome.elapsedS = (performance.now() - started) / 1000;
  return outcome;
}

/**
 * Offers messages at a fixed rate whatever the answers (an open loop), each on
 * a connection that is free at its time, opening more (up to `maxConnections`)
 * when all are busy: the load of many senders whose reports do not wait for
 * each other. Latency is still from the final "." to the reply. Connections take the `ports` in turn.
 */
export async function runPaced(ports: number[], messages: Buffer[], ratePerS: number, maxConnections: number): Promise<LoadOutcome> {
  const { outcome, failed, deliver } = outcomeRecorder();
  const connect = roundRobin(ports);
  const idle: SmtpClient[] = [];
  const waiters: ((client: SmtpClient | null) => void)[] = [];
  let open = 0;
  const take = async (): Promise<SmtpClient | null> => {
    const client = idle.pop();
    if (client) return client;
    if (open < maxConnections) {
      open++;
      return connect().catch((err) => {
        open--;
        failed((err as Error).message);
        return null;
      });
    }
    return new Promise((resolve) => waiters.push(resolve));
  };
  const give = (client: SmtpClient) => {
    const waiter = waiters.shift();
    if (waiter) waiter(client);
    else idle.push(client);
  };
  const sendOne = async (raw: Buffer) => {
    const client = await take();
    if (!client) return;
    try {
      await deliver(client, raw);
      give(client);
    } catch (err) {
      failed((err as Error).message);
      open--;
      void client.quit();
      // Someone waiting for a connection gets a new one.
      const waiter = waiters.shift();
      if (waiter) void take().then(waiter);
    }
  };

  // One timer tick sends whatever has come due (a timer per message cost the client more than the sends).
  const started = performance.now();
  let next = 0;
  let pending = 0;
  await new Promise<void>((resolve) => {
    const settle = () => {
      pending--;
      if (next === messages.length && pending === 0) resolve();
    };
    const tick = () => {
      const due = Math.min(messages.length, Math.floor(((performance.now() - started) * ratePerS) / 1000) + 1);
      for (; next < due; next++) {
        pending++;
        void sendOne(messages[next]!).then(settle);
      }
      if (next < messages.length) setTimeout(tick, 1);
    };
    tick();
  });
  outcome.elapsedS = (performance.now() - started) / 1000;
  await Promise.all(idle.map((c) => c.quit()));
  return outcome;
}
