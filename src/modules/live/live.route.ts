import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiDeps } from '../api/api.types.js';

const HEARTBEAT_MS = 25_000;

/**
 * GET /events: Server-Sent Events for the console. `activity` when a report or
 * an overdue mark lands, `message` when a message is stored, `checks` when
 * checks or settings change. A comment every 25 s keeps proxies from closing it.
 */
export function registerLiveEvents(api: Hono<any>, deps: Pick<ApiDeps, 'live'>) {
  api.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let id = 0;
      const unsubscribe = deps.live.subscribe((event) => {
        void stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(++id) });
      });
      const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
      stream.onAbort(() => {
        clearInterval(heartbeat);
        unsubscribe();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) await stream.sleep(HEARTBEAT_MS);
      clearInterval(heartbeat);
      unsubscribe();
    }),
  );
}
