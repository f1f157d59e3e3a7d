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

/**
 * Sends every message once. reuse: `concurrency` connections, each taking the
 * next message until none is left. fresh: one message per connection, with
 * `concurrency` connections in flight, as a fleet of separate senders would be.
 */
export async function runLoad(mode: Mode, port: number, messages: string[], concurrency: number): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { elapsedS: 0, latenciesMs: [], acknowledged: 0, errors: 0, errorSamples: [] };
  const failed = (what: string) => {
    outcome.errors++;
    if (outcome.errorSamples.length < 5) outcome.errorSamples.push(what);
  };
  const deliver = async (client: SmtpClient, raw: string) => {
    const { reply, ms } = await client.send(envelope, raw);
    if (reply.code === 250) {
      outcome.acknowledged++;
      outcome.latenciesMs.push(ms);
    } else failed(`${reply.code} ${reply.text}`);
  };

  let next = 0;
  const reuse = async () => {
    let client: SmtpClient | null = null;
    for (let n = next++; n < messages.length; n = next++) {
      try {
        client ??= await SmtpClient.open('127.0.0.1', port);
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
        client = await SmtpClient.open('127.0.0.1', port);
        await deliver(client, messages[n]!);
      } catch (err) {
        failed((err as Error).message);
      }
      await client?.quit();
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, mode === 'reuse' ? reuse : fresh));
  outcome.elapsedS = (performance.now() - started) / 1000;
  return outcome;
}
