import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiDeps } from '../api/api.types.js';
import type { AuthVariables } from '../sessions/sessions.http.js';
import { sessionStands } from '../sessions/sessions.usecases.js';

/**
 * GET /events: Server-Sent Events for the console. `activity` when a report or
 * an overdue mark lands, `message` when a message is stored, `checks` when
 * checks or settings change. A comment every heartbeat keeps proxies from closing it.
 * A session's stream is checked at every heartbeat and ends with `expired`
 * once the session has (logout, timeout): the stream itself is not activity.
 */
export function registerLiveEvents(api: Hono<{ Variables: AuthVariables }>, deps: Pick<ApiDeps, 'live' | 'accounts' | 'organization'>) {
  api.get('/events', (c) => {
    const auth = c.get('auth');
    const sessionId = auth?.kind === 'session' ? auth.session.id : null;
    const stands = () => sessionId === null || sessionStands(deps.accounts, sessionId, deps.organization.get().sessionTimeoutMinutes);
    return streamSSE(c, async (stream) => {
      let id = 0;
      const unsubscribe = deps.live.subscribe((event) => {
        void stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(++id) });
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        await stream.sleep(deps.live.heartbeatMs);
        if (stream.aborted) break;
        if (!(await stands())) {
          await stream.writeSSE({ event: 'expired', data: '{}' });
          break;
        }
        await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });
}
