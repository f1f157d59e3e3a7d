import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../../db/database.js';
import { postgresPoolConfig, type PostgresConfig } from '../../db/postgres.js';
import type { LiveEvent } from '../../shared/events.js';
import type { Logger } from '../../shared/logger.js';

/** News one node gives the others: what its console streams show, that settings changed, that alerts were queued. */
export type ClusterEvent = { type: 'live'; event: LiveEvent } | { type: 'settings' } | { type: 'deliveries' };

export interface Bus {
  /** Tells the other nodes (this one has acted on it already). */
  announce(event: ClusterEvent): void;
  close(): Promise<void>;
}

/** One node alone (SQLite): nobody to tell. */
export const aloneBus: Bus = { announce: () => {}, close: async () => {} };

const CHANNEL = 'backwatch';
// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
const MAX_PAYLOAD = 7000;
const FLUSH_MS = 50;

/**
 * LISTEN/NOTIFY between nodes on one PostgreSQL. Events are gathered for 50 ms
 * and sent as few notifications, not one query each. A listener that lost its
 * connection reconnects with backoff and then tells this node to reload
 * (`settings`, and a `checks` live event for open consoles), since
 * notifications sent meanwhile are gone.
 */
export async function postgresBus(deps: { db: Db; config: PostgresConfig; nodeId: string; logger: Pick<Logger, 'warn' | 'info'> }, receive: (event: ClusterEvent) => void): Promise<Bus> {
  let pending: ClusterEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let listener: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const onNotification = (n: pg.Notification) => {
    try {
      const { from, events } = JSON.parse(n.payload ?? '{}') as { from?: string; events?: ClusterEvent[] };
      if (from !== deps.nodeId) for (const e of events ?? []) receive(e);
    } catch (err) {
      deps.logger.warn({ err }, 'unreadable notification from another node');
    }
  };

  const listen = async (attempt: number): Promise<void> => {
    const client = new pg.Client(postgresPoolConfig({ ...deps.config, pool: 1 }));
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => {});
      if (attempt === 0) throw err;
      return reconnect(attempt + 1, err);
    }
    if (closed) return void client.end();
    listener = client;
    client.on('notification', onNotification);
    client.once('end', () => {
      if (!closed) void reconnect(1, new Error('the listening connection ended'));
    });
    if (attempt > 0) {
      deps.logger.info({ attempt }, 'listening to the other nodes again');
      receive({ type: 'settings' });
      receive({ type: 'live', event: { type: 'checks' } });
    }
  };

  const reconnect = async (attempt: number, err: unknown) => {
    listener = null;
    if (closed) return;
    deps.logger.warn({ err, attempt }, 'lost the connection that listens to the other nodes; reconnecting');
    await new Promise<void>((resolve) => (retry = setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)))));
    if (!closed) await listen(attempt);
  };

  const flush = async () => {
    timer = null;
    const events = pending;
    pending = [];
    for (const payload of chunks(deps.nodeId, events)) {
      await sql`select pg_notify(${CHANNEL}, ${payload})`.execute(deps.db).catch((err) => deps.logger.warn({ err }, 'could not notify the other nodes'));
    }
  };
  let flushing: Promise<void> = Promise.resolve();

  await listen(0);
  return {
    announce(event) {
      if (closed) return;
      // A wake-up said once per notification is enough.
      if (event.type !== 'live' && pending.some((p) => p.type === event.type)) return;
      pending.push(event);
      timer ??= setTimeout(() => (flushing = flush()), FLUSH_MS);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (timer) {
        clearTimeout(timer);
        flushing = flush();
      }
      await flushing;
      await listener?.end().catch(() => {});
    },
  };
}

/** The events as notification payloads, each under PostgreSQL's size limit. */
export function chunks(from: string, events: ClusterEvent[]): string[] {
  const wrap = (parts: string[]) => `{"from":${JSON.stringify(from)},"events":[${parts.join(',')}]}`;
  const overhead = wrap([]).length;
  const out: string[] = [];
  let batch: string[] = [];
  let size = 0;
  for (const e of events) {
    const one = JSON.stringify(e);
    if (overhead + one.length > MAX_PAYLOAD) continue;
    if (batch.length && overhead + size + 1 + one.length > MAX_PAYLOAD) {
      out.push(wrap(batch));
      batch = [];
      size = 0;
    }
    size += one.length + (batch.length ? 1 : 0);
    batch.push(one);
  }
  if (batch.length) out.push(wrap(batch));
  return out;
}
